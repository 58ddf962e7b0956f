using Alliance.ServiceDefaults;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Alliance service shares, in the shape of Aspire's ServiceDefaults template:
/// OpenTelemetry, health checks, service discovery, HTTP resilience and problem details.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>The tag of checks that must pass before a service takes traffic.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Activity sources and meters of our own building blocks, registered in every service.</summary>
    public const string AllianceTelemetryPrefix = "Alliance.";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Configuration.IgnoreMigrateOnlySwitch();
        builder.AddSecretFiles();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // gRPC clients opt out of this (see AddInternalGrpcClient): it would retry non-idempotent calls.
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddAllianceProblemDetails();
        builder.AddCorrelationId();
        return builder;
    }

    /// <summary>
    /// Where <c>Alliance:SecretsDirectory</c> is set (a deployment's <c>/run/secrets</c>), each file
    /// in it is one setting: its name is the key (<c>ConnectionStrings__needsdb</c>), its content the
    /// value. Secrets so stay out of the environment, which <c>docker inspect</c> shows to anyone who
    /// may list services. A named directory that is missing stops the app at start.
    /// </summary>
    public static TBuilder AddSecretFiles<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (builder.Configuration["Alliance:SecretsDirectory"] is { Length: > 0 } directory)
        {
            builder.Configuration.AddKeyPerFile(directory, optional: false);
        }

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                .AddMeter(AllianceTelemetryPrefix + "*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("MassTransit")
                .AddSource(AllianceTelemetryPrefix + "*")
                .AddAspNetCoreInstrumentation(options =>
                    // Probes every few seconds would drown the real traces.
                    options.Filter = context => !IsProbe(context.Request.Path))
                .AddGrpcClientInstrumentation()
                // Nor the gateway's calls to the services' probes (its /health/services).
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = request =>
                    request.RequestUri is not { } uri || !IsProbe(uri.AbsolutePath))
                .AddNpgsql());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath) || path.StartsWithSegments(AlivenessEndpointPath);

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (ready: the database and the broker) and <c>/alive</c>. Mapped in every
    /// environment: ops and the orchestrator rely on them, and they reveal nothing but status.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
        {
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).Access(AccessClass.Public);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live"),
        }).Access(AccessClass.Public);
        return app;
    }
}
