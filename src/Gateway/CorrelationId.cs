using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

namespace Alliance.Gateway;

/// <summary>
/// Every request carries an <c>X-Correlation-Id</c>: the caller's, if it is well formed, or a new one.
/// The service gets it as a request header, the caller on the response (problems too), and it is on
/// the request's trace (tag <c>correlation.id</c>) and in every log line's scope (<c>CorrelationId</c>).
/// </summary>
internal static partial class CorrelationId
{
    public const string Header = "X-Correlation-Id";
    public const string Tag = "correlation.id";

    /// <summary>What a caller's id may be: short, and safe in a header, a log line and a query.</summary>
    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex WellFormed();

    public static string? Of(HttpContext context) => context.Items[Header] as string;

    public static void AddCorrelationId(this IHostApplicationBuilder builder) =>
        // Problems the gateway writes name it in the body as well as in the header.
        builder.Services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var inner = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                inner?.Invoke(context);
                if (Of(context.HttpContext) is { } id)
                {
                    context.ProblemDetails.Extensions["correlationId"] = id;
                }
            };
        });

    /// <summary>First in the pipeline, so that even the exception handler's problems carry it.</summary>
    public static WebApplication UseCorrelationId(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CorrelationId));
        app.Use(async (context, next) =>
        {
            var incoming = context.Request.Headers[Header];
            var id = incoming.Count == 1 && WellFormed().IsMatch(incoming[0]!) ? incoming[0]! : Guid.CreateVersion7().ToString("N");
            context.Items[Header] = id;
            context.Request.Headers[Header] = id;
            // OnStarting survives the exception handler's clearing of the response's headers.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Header] = id;
                return Task.CompletedTask;
            });
            (context.Features.Get<IHttpActivityFeature>()?.Activity ?? Activity.Current)?.SetTag(Tag, id);
            using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
            {
                await next(context);
            }
        });
        return app;
    }
}
