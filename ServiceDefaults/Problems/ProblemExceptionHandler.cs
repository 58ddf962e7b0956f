using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alliance.ServiceDefaults.Problems;

/// <summary>
/// Maps what a caller can cause (a malformed body) to 400, a system's token where a person must
/// call to 403, and a database that went away to 503, so that nothing a caller can cause answers 500.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>Not a standard code: nginx's "client closed request", for work the caller abandoned.</summary>
    private const int ClientClosedRequest = 499;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away (or the gateway gave up): nothing failed here, and no one reads the answer.
            context.Response.StatusCode = ClientClosedRequest;
            return true;
        }

        var (status, code, title, detail) = exception switch
        {
            // Never the binder's message: it names parameters, types and JSON paths of the code.
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == 400 ? ErrorCodes.MalformedRequest : ErrorCodes.ForStatus(bad.StatusCode),
                "The request is malformed.", MalformedDetail(bad)),
            PersonRequiredException => (403, ErrorCodes.PersonRequired,
                "Only a signed-in person can do this; a partner system's token is not a person's.", null),
            _ when exception.IsDatabaseOutage() => (503, ErrorCodes.DatabaseUnavailable,
                "The service's database is unavailable; retry later.", null),
            _ => (500, ErrorCodes.InternalError, "An unexpected error occurred.", null),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Request {Method} {Path} failed with {Status}", context.Request.Method, context.Request.Path, status);
        }

        context.Response.StatusCode = status;
        if (status == 503)
        {
            context.Response.Headers.RetryAfter = "5";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = title,
                Detail = detail,
                Extensions = { ["code"] = code },
            },
        });
    }

    private static string MalformedDetail(BadHttpRequestException bad) => bad switch
    {
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => "Send the body as application/json.",
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => "The body is too large.",
        { InnerException: System.Text.Json.JsonException } => "The body is not valid JSON for this request, or a field in it has the wrong type.",
        { StatusCode: StatusCodes.Status400BadRequest } => "A value in the path, query or body is missing or has the wrong form.",
        _ => "The request could not be read.",
    };
}
