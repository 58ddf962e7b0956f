using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.HttpOverrides;

namespace Alliance.Gateway;

/// <summary>
/// The client's address (the rate limiter's key for callers without a token) and the scheme it
/// called with. Behind a proxy (a load balancer, a TLS terminator) every call comes from the proxy,
/// so the gateway takes both from the proxy's <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>,
/// but only from the proxies listed in <c>Gateway:TrustedProxies</c>: from anyone else, loopback
/// included, those headers are ignored, or any caller could pick a fresh bucket per call.
/// </summary>
internal static class ClientAddress
{
    public const string TrustedProxiesKey = "Gateway:TrustedProxies";

    public static void AddClientAddress(this IHostApplicationBuilder builder)
    {
        var trusted = Transport.ReadTrustedProxies(builder.Configuration, TrustedProxiesKey);
        builder.Services.AddSingleton(trusted);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            trusted.ApplyTo(options, keepLoopback: false);
            // One hop: the address the trusted proxy saw, never what a caller wrote before it.
            options.ForwardLimit = 1;
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        });
    }

    public static WebApplication UseClientAddress(this WebApplication app)
    {
        // With no proxy listed the middleware must not run at all: given empty lists it trusts everyone.
        if (!app.Services.GetRequiredService<TrustedProxies>().IsEmpty)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
