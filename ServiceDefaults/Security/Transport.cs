using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Alliance.ServiceDefaults.Security;

/// <summary>
/// What the apps accept from the network: plain http to and from Identity (<c>Identity:AllowHttp</c>)
/// and whose <c>X-Forwarded-*</c> headers count (<c>Identity:TrustedNetworks</c>, <c>Gateway:TrustedProxies</c>).
/// </summary>
public static class Transport
{
    public const string AllowHttpKey = "Identity:AllowHttp";

    /// <summary>
    /// Whether Identity serves tokens over plain http (OpenIddict's transport-security requirement off)
    /// and every app fetches Identity's metadata over http (<c>RequireHttpsMetadata</c> off).
    /// <c>Identity:AllowHttp</c>; unset, true in Development and Testing only. Read here alone, so
    /// Identity and its callers always agree.
    /// </summary>
    public static bool AllowHttp(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>(AllowHttpKey) ?? (environment.IsDevelopment() || environment.IsEnvironment("Testing"));

    /// <summary>
    /// The proxies listed under <paramref name="key"/> whose forwarded headers count: each an address
    /// (<c>10.0.0.5</c>, <c>::1</c>) or a network in CIDR notation (<c>10.0.0.0/8</c>), as a list or
    /// one comma-separated value. Read when the app is built, so a malformed entry stops it at start
    /// with the key that holds it.
    /// </summary>
    public static TrustedProxies ReadTrustedProxies(IConfiguration configuration, string key)
    {
        var addresses = new List<IPAddress>();
        var networks = new List<IPNetwork>();
        // A list (Identity:TrustedNetworks:0, :1, ...) or one comma-separated value (an environment variable's).
        var section = configuration.GetSection(key);
        // (An empty JSON array leaves an empty value beside the children that override it.)
        var entries = section.GetChildren().Any() ? section.Get<string[]>() ?? [] : section.Value?.Split(',') ?? [];
        foreach (var entry in entries.Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                // IPNetwork masks the bits past the prefix itself; 10.0.0.1/8 is more likely a typo than a wish.
                if (!IPNetwork.TryParse(entry, out var network) || !network.BaseAddress.Equals(IPAddress.Parse(entry[..entry.IndexOf('/', StringComparison.Ordinal)])))
                {
                    throw new InvalidOperationException(
                        $"{key} has '{entry}': each entry is an address (10.0.0.5) or a network in CIDR notation with no bits set past its prefix (10.0.0.0/8).");
                }

                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                addresses.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"{key} has '{entry}': each entry is an address (10.0.0.5) or a network in CIDR notation (10.0.0.0/8).");
            }
        }

        return new TrustedProxies(addresses, networks);
    }
}

/// <summary>Addresses and networks whose X-Forwarded-* headers an app trusts.</summary>
public sealed record TrustedProxies(IReadOnlyList<IPAddress> Addresses, IReadOnlyList<IPNetwork> Networks)
{
    public bool IsEmpty => Addresses.Count == 0 && Networks.Count == 0;

    /// <summary>
    /// Trusts these and no one else; loopback too only if <paramref name="keepLoopback"/> (ASP.NET
    /// Core's default trusts loopback alone). Headers from anyone else are ignored.
    /// </summary>
    public void ApplyTo(ForwardedHeadersOptions options, bool keepLoopback)
    {
        if (!keepLoopback)
        {
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
        }

        foreach (var address in Addresses)
        {
            options.KnownProxies.Add(address);
        }

        foreach (var network in Networks)
        {
            options.KnownIPNetworks.Add(network);
        }
    }
}
