using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Gateway.Tests;

/// <summary>
/// <c>GET /api/reference</c> is the gateway's own: no service behind it answers (they are all down
/// here), and no token is sent.
/// </summary>
public sealed class ReferenceTests : IAsyncLifetime
{
    private readonly string nowhere = $"http://127.0.0.1:{FreePort.Next()}";
    private ServiceHost<GatewayServices> gateway = null!;
    private HttpClient client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        gateway = TestGateway.Start(nowhere, nowhere);
        client = gateway.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await gateway.DisposeAsync();
    }

    [Fact]
    public async Task Reference_WithoutAToken_Returns200_WithTheStreetItsCommunitiesGridsBuildingsAndKinds()
    {
        var response = await client.GetAsync("/api/reference", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("chengbei", body.GetProperty("street").GetProperty("id").GetString());
        Assert.Equal("城北街道", body.GetProperty("street").GetProperty("name").GetString());
        var xintang = Assert.Single(body.GetProperty("communities").EnumerateArray(), c => c.GetProperty("id").GetString() == "xintang");
        Assert.Equal("新塘社区", xintang.GetProperty("name").GetString());
        var grid = Assert.Single(xintang.GetProperty("grids").EnumerateArray(), g => g.GetProperty("id").GetString() == "xintang-01");
        Assert.Contains(grid.GetProperty("buildings").EnumerateArray(), b => b.GetString() == "新塘新村4幢");
        var kind = Assert.Single(body.GetProperty("kinds").EnumerateArray(), k => k.GetProperty("id").GetString() == "home_repair");
        Assert.Equal("居家维修", kind.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Reference_CarriesAStrongETag_AndMayBeCachedFiveMinutesByAnyone()
    {
        var response = await client.GetAsync("/api/reference", Ct);

        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal(etag, (await client.GetAsync("/api/reference", Ct)).Headers.ETag);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromSeconds(300), response.Headers.CacheControl?.MaxAge);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reference_WithItsETagInIfNoneMatch_Returns304_WithoutABody(bool weak)
    {
        var etag = (await client.GetAsync("/api/reference", Ct)).Headers.ETag!;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reference");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-older\""));
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag, weak));

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(etag, response.Headers.ETag);
    }

    [Fact]
    public async Task Reference_WithAnotherETagInIfNoneMatch_Returns200()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reference");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-older\""));

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync(Ct));
    }
}
