using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Alliance.Gateway;

/// <summary>
/// Rate limits as token buckets, per caller: a bucket lets an app's burst of calls on opening
/// through, holds the sustained rate to PermitLimit per Window, has no window edge at which twice
/// the limit gets through (a fixed window's flaw), and says exactly when the next call fits
/// (<c>Retry-After</c>). Calls over the limit are refused at once, never queued. Health and docs
/// have no policy, so they are never limited.
/// </summary>
internal static class RateLimits
{
    /// <summary>Every proxied route: per user (the token's <c>sub</c>), or per client IP without a token.</summary>
    public const string Api = "api";

    /// <summary>The token endpoint and sign-up: per client IP, stricter, against password guessing.</summary>
    public const string Credentials = "credentials";

    public static void AddRateLimits(this IHostApplicationBuilder builder, RateLimitSettings settings)
    {
        var perUser = Bucket(settings.PerUser, nameof(settings.PerUser));
        var perIp = Bucket(settings.PerIp, nameof(settings.PerIp));
        var credentials = Bucket(settings.Credentials, nameof(settings.Credentials));
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.AddPolicy(Api, context => CallerOf(context.User) is { } caller
                ? RateLimitPartition.GetTokenBucketLimiter($"caller:{caller}", _ => perUser)
                : RateLimitPartition.GetTokenBucketLimiter($"ip:{ClientNetwork(context)}", _ => perIp));
            limiter.AddPolicy(Credentials, context => RateLimitPartition.GetTokenBucketLimiter(ClientNetwork(context), _ => credentials));
        });
    }

    private static TokenBucketRateLimiterOptions Bucket(RateLimit limit, string name)
    {
        if (limit.PermitLimit <= 0 || limit.Window <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Gateway:RateLimits:{name} needs a PermitLimit above 0 and a Window above zero.");
        }

        // Tokens trickle back (one every Window / PermitLimit, at most once a second in bulk):
        // refilling the whole bucket once a window would let twice the limit through around each refill.
        var period = TimeSpan.FromTicks(Math.Max(limit.Window.Ticks / limit.PermitLimit, TimeSpan.TicksPerSecond));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.PermitLimit,
            TokensPerPeriod = (int)Math.Max(1, Math.Ceiling(limit.PermitLimit * (double)period.Ticks / limit.Window.Ticks)),
            ReplenishmentPeriod = period,
            QueueLimit = 0,
        };
    }

    /// <summary>A validated token's subject, or a partner system's client id; null without a valid token.</summary>
    private static string? CallerOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? user.FindFirstValue(AllianceClaims.Subject) ?? user.FindFirstValue(AllianceClaims.ClientId)
            : null;

    /// <summary>The client's address; for IPv6 its /64, which one subscriber may fill with addresses at will.</summary>
    private static string ClientNetwork(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return $"{new IPAddress(bytes)}/64";
        }

        return address.ToString();
    }

    /// <summary>429 as problem+json with code <c>rate_limited</c> and Retry-After in whole seconds; never a 503.</summary>
    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ApiProblems.Details(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                "Too many requests.", $"Retry after {seconds} seconds."),
        });
    }
}
