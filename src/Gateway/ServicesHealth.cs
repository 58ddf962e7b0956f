using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alliance.Gateway;

internal static class ServicesHealth
{
    public const string Path = "/health/services";

    /// <summary>
    /// Asks every service's <c>/health</c> at once and answers one view: 200 when all are ready,
    /// 503 naming the ones that are not (a service that does not answer counts as unhealthy).
    /// It shows each check's status only: the services' own descriptions may name internal hosts.
    /// </summary>
    public static WebApplication MapServicesHealth(this WebApplication app)
    {
        app.MapGet(Path, async (IHttpClientFactory clients, CancellationToken ct) =>
        {
            var client = clients.CreateClient(Extensions.HealthClient);
            var reports = await Task.WhenAll(GatewayServices.All.Select(s => ProbeAsync(client, s.Name, ct)));
            var healthy = reports.All(r => r.Status == "Healthy");
            var body = new JsonObject
            {
                ["status"] = healthy ? "Healthy" : "Unhealthy",
                ["services"] = new JsonObject(reports.Select(r => KeyValuePair.Create(r.Name, (JsonNode?)r.Report))),
            };
            return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription();
        return app;
    }

    private static async Task<(string Name, string Status, JsonNode Report)> ProbeAsync(HttpClient client, string service, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync($"http://{service}/health", ct);
            var report = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) ?? new JsonObject();
            var status = report["status"]?.GetValue<string>() ?? (response.IsSuccessStatusCode ? "Healthy" : "Unhealthy");
            var checks = report["checks"]?.AsObject().Select(c =>
                KeyValuePair.Create(c.Key, (JsonNode?)new JsonObject { ["status"] = c.Value?["status"]?.GetValue<string>() }));
            return (service, status, new JsonObject { ["status"] = status, ["checks"] = new JsonObject(checks ?? []) });
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
        {
            return (service, "Unhealthy", new JsonObject { ["status"] = "Unhealthy", ["description"] = "The service did not answer." });
        }
    }
}
