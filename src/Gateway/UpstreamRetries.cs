using System.Diagnostics.Metrics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace Alliance.Gateway;

/// <summary>
/// Retries a GET or HEAD without a body whose upstream attempt could not connect, was cut before any
/// answer, or answered 502 or 503: during a rolling update one replica of a service goes away, and the
/// next connection to the service's virtual IP reaches the other. At most <see cref="MaxRetries"/>
/// more attempts, within the route's timeout (the forwarder's token). Writes are never retried here:
/// Idempotency-Key protects them in the services, and the client retries them.
/// </summary>
internal sealed partial class UpstreamRetryHandler(string cluster, UpstreamRetryMetrics metrics, ILogger logger, TimeProvider time) : DelegatingHandler
{
    public const int MaxRetries = 2;

    private static readonly TimeSpan BackOff = TimeSpan.FromMilliseconds(50);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!(request.Method == HttpMethod.Get || request.Method == HttpMethod.Head) || request.Content is not null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        for (var retry = 1; ; retry++)
        {
            string reason;
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (retry > MaxRetries || response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable))
                {
                    return response;
                }

                reason = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.Dispose();
            }
            catch (HttpRequestException ex) when (retry <= MaxRetries && !cancellationToken.IsCancellationRequested)
            {
                reason = ex.HttpRequestError.ToString();
            }

            metrics.Retries.Add(1, new("cluster", cluster), new("reason", reason));
            LogRetry(logger, request.Method.Method, cluster, reason, retry);
            await Task.Delay(BackOff * retry, time, cancellationToken);
        }
    }

    [LoggerMessage(LogLevel.Debug, "Retrying {Method} to {Cluster} after {Reason} (retry {Retry} of 2)")]
    private static partial void LogRetry(ILogger logger, string method, string cluster, string reason, int retry);
}

/// <summary>
/// YARP's own client factory, with <see cref="UpstreamRetryHandler"/> around the handler it builds for
/// each cluster, and connections renewed after <see cref="GatewayOptions.UpstreamConnectionLifetime"/>.
/// </summary>
internal sealed class RetryingForwarderHttpClientFactory(
    UpstreamRetryMetrics metrics, TimeProvider time, GatewayOptions options, ILogger<UpstreamRetryHandler> retryLogger, ILogger<ForwarderHttpClientFactory> logger)
    : ForwarderHttpClientFactory(logger)
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.PooledConnectionLifetime = options.UpstreamConnectionLifetime;
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new UpstreamRetryHandler(context.ClusterId, metrics, retryLogger, time) { InnerHandler = base.WrapHandler(context, handler) };
}

/// <summary>On the meter <c>Alliance.Gateway</c>, which ServiceDefaults exports.</summary>
internal sealed class UpstreamRetryMetrics(IMeterFactory meters)
{
    public const string Name = "Alliance.Gateway";

    public Counter<long> Retries { get; } = meters.Create(Name).CreateCounter<long>(
        "alliance.gateway.upstream_retries", description: "GET and HEAD requests sent again to a service after a failed attempt, by cluster and reason.");
}
