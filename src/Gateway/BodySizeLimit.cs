using Alliance.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.Features;

namespace Alliance.Gateway;

/// <summary>
/// No request body larger than <c>Gateway:MaxRequestBodyBytes</c> is forwarded: one that says so in
/// its Content-Length gets 413 <c>payload_too_large</c> before anything is read, and a chunked one is
/// cut off by Kestrel when it passes the limit.
/// </summary>
internal static class BodySizeLimit
{
    public static WebApplication UseBodySizeLimit(this WebApplication app)
    {
        var maxBytes = app.Services.GetRequiredService<GatewayOptions>().MaxRequestBodyBytes;
        if (maxBytes <= 0)
        {
            throw new InvalidOperationException("Gateway:MaxRequestBodyBytes must be above 0.");
        }

        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > maxBytes)
            {
                await ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                    "The request body is too large.", $"The gateway accepts bodies of at most {maxBytes} bytes.").ExecuteAsync(context);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = maxBytes;
            }

            await next(context);
        });
        return app;
    }
}
