using Alliance.ServiceDefaults;

namespace Alliance.Gateway;

/// <summary>
/// Browsers on the configured frontend origins may call the API; any other origin gets no CORS
/// headers, so its browser refuses to show it the answer. Tokens travel in the Authorization
/// header, never in cookies, so credentials are not allowed.
/// </summary>
internal static class Cors
{
    public const string Policy = "frontends";

    public static void AddFrontendCors(this IHostApplicationBuilder builder, CorsSettings settings)
    {
        var origins = settings.AllowedOrigins.Select(o => o.TrimEnd('/')).ToArray();
        foreach (var origin in origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            {
                throw new InvalidOperationException($"Gateway:Cors:AllowedOrigins has '{origin}', which is not an origin such as https://app.example.org.");
            }
        }

        builder.Services.AddCors(cors => cors.AddPolicy(Policy, policy => policy
            .WithOrigins(origins)
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .WithHeaders("Authorization", "Content-Type", "Accept-Language", "If-None-Match", "Idempotency-Key", CorrelationId.Header, "traceparent", "tracestate")
            .WithExposedHeaders("Location", "Retry-After", "WWW-Authenticate", "Content-Language", "ETag", CorrelationId.Header, "Idempotent-Replayed")
            .SetPreflightMaxAge(settings.PreflightMaxAge)));
    }
}
