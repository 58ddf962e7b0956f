namespace Alliance.Gateway;

/// <summary>Configuration section <c>Gateway</c>; appsettings.json documents every default.</summary>
internal sealed class GatewayOptions
{
    /// <summary>How long a service may stay silent before the gateway answers 504.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a connection to a service is kept before the next request opens a new one, which asks
    /// the service's name again: where the name resolves to every replica (swarm's dnsrr), a replica
    /// started later (a restart, a rollout) so gets its share within this time.
    /// </summary>
    public TimeSpan UpstreamConnectionLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the health view waits for each service.</summary>
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The largest request body the gateway forwards; a larger one gets 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public RateLimitSettings RateLimits { get; set; } = new();

    public CorsSettings Cors { get; set; } = new();
}

internal sealed class RateLimitSettings
{
    /// <summary>A caller with a valid token, by its <c>sub</c> (or <c>client_id</c> for a partner system).</summary>
    public RateLimit PerUser { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(1) };

    /// <summary>A caller without a token, by client IP (many people may share one behind a NAT).</summary>
    public RateLimit PerIp { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(1) };

    /// <summary>The token endpoint and sign-up together, by client IP: where passwords are guessed.</summary>
    public RateLimit Credentials { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };
}

/// <summary>A token bucket: up to <see cref="PermitLimit"/> calls at once, refilled steadily at <see cref="PermitLimit"/> per <see cref="Window"/>.</summary>
internal sealed class RateLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}

internal sealed class CorsSettings
{
    /// <summary>Frontend origins (scheme, host and port) whose browsers may call the API; none by default.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long a browser may cache a preflight's answer.</summary>
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
