using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alliance.ServiceDefaults;

/// <summary>
/// Every request carries an <c>X-Correlation-Id</c>: the caller's (the gateway's), if it is well
/// formed, or a new one. It goes on to the next hop as a request header, back to the caller on the
/// response (problems name it in the body too), and it is on the request's trace (tag
/// <c>correlation.id</c>) and in every log line's scope (<c>CorrelationId</c>), at the gateway and in
/// every service alike.
/// </summary>
public static partial class CorrelationId
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

    /// <summary>
    /// First in the pipeline, so that even the exception handler's problems carry it. A second call
    /// (the gateway's own, before CORS, then <c>UseServiceDefaults</c>'s) does nothing more.
    /// </summary>
    public static WebApplication UseCorrelationId(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CorrelationId));
        app.Use(async (context, next) =>
        {
            if (context.Items.ContainsKey(Header))
            {
                await next(context);
                return;
            }

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
