using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Alliance.ServiceDefaults.Problems;

/// <summary>
/// Every error a service answers is RFC 9457 problem+json with a stable <c>code</c> and the
/// <c>traceId</c>, whether an endpoint wrote it, routing did (404, 405) or an exception did, and
/// its title and detail in the request's language (<see cref="ProblemLanguage"/>).
/// </summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddAllianceProblemDetails(this IServiceCollection services)
    {
        services.AddProblemLanguages();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions.TryAdd("code", ErrorCodes.ForStatus(problem.Status ?? context.HttpContext.Response.StatusCode));
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            problem.Instance ??= context.HttpContext.Request.Path;
            // A 503 is always "retry later" (ARCHITECTURE.md): say when, unless the writer did.
            if ((problem.Status ?? context.HttpContext.Response.StatusCode) == StatusCodes.Status503ServiceUnavailable
                && !context.HttpContext.Response.HasStarted && !context.HttpContext.Response.Headers.ContainsKey("Retry-After"))
            {
                context.HttpContext.Response.Headers.RetryAfter = "5";
            }

            context.HttpContext.RequestServices.GetRequiredService<ProblemTranslator>().Translate(context);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // A malformed JSON body throws, so the handler can name it instead of an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Turns exceptions and bare status codes (unknown route, wrong method) into problems.</summary>
    public static WebApplication UseAllianceProblemDetails(this WebApplication app)
    {
        // First, so that the problems of the exception handler and status-code pages know the language too.
        app.UseProblemLanguages();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
