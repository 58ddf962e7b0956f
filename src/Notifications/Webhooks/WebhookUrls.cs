using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Alliance.Notifications.Webhooks;

internal enum UrlVerdict
{
    Allowed,

    /// <summary>Not an absolute https URL (or carries credentials).</summary>
    NotHttps,

    /// <summary>Its host does not resolve, or resolves to an address inside a private network.</summary>
    NotPublic,
}

/// <summary>
/// Keeps webhooks off the service's own network: a URL must be https and its host must resolve only to
/// public addresses, when it is registered and again when each attempt connects (a name may be
/// pointed elsewhere after registration). <see cref="WebhookOptions.AllowLoopbackHttp"/> lets the
/// tests' receiver on http://127.0.0.1 through.
/// </summary>
internal sealed class WebhookUrls(IOptions<WebhookOptions> options)
{
    public async Task<UrlVerdict> CheckAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0)
        {
            return UrlVerdict.NotHttps;
        }

        var loopbackHttp = options.Value.AllowLoopbackHttp && uri.Scheme == Uri.UriSchemeHttp
            && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) && IPAddress.IsLoopback(literal);
        if (uri.Scheme != Uri.UriSchemeHttps && !loopbackHttp)
        {
            return UrlVerdict.NotHttps;
        }

        return (await ResolveAsync(uri.IdnHost, ct)).Count > 0 ? UrlVerdict.Allowed : UrlVerdict.NotPublic;
    }

    /// <summary>The host's addresses if every one may be called; none if any may not (or it does not resolve).</summary>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken ct)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        }
        catch (SocketException)
        {
            return [];
        }

        return addresses.Length > 0 && addresses.All(Allowed) ? addresses : [];
    }

    /// <summary>The connection of every attempt: only to an address that <see cref="ResolveAsync"/> allows now.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, ct);
        if (addresses.Count == 0)
        {
            throw new HttpRequestException($"The webhook's host {context.DnsEndPoint.Host} does not resolve to public addresses only; not connected.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses.ToArray(), context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool Allowed(IPAddress address) =>
        IsPublic(address) || (options.Value.AllowLoopbackHttp && IPAddress.IsLoopback(address));

    /// <summary>Not loopback, private, carrier-grade NAT, link-local, unique-local, multicast or reserved.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19))
                || b[0] >= 224);
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None)
                || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xfe) == 0xfc
                // NAT64 and 6to4 carry an IPv4 address that could be a private one.
                || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
                || (b[0] == 0x20 && b[1] == 0x02));
        }

        return false;
    }
}
