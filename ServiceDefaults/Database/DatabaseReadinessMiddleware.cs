using Alliance.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Hosting;

namespace Alliance.ServiceDefaults.Database;

internal sealed class DatabaseReadinessMiddleware(RequestDelegate next, DatabaseReadiness readiness, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (readiness.IsReady
            || context.Request.Path.StartsWithSegments(Extensions.HealthEndpointPath)
            || context.Request.Path.StartsWithSegments(Extensions.AlivenessEndpointPath))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The service is starting: its database is not ready yet.",
                Extensions = { ["code"] = ErrorCodes.ServiceStarting },
            },
        });
    }
}
