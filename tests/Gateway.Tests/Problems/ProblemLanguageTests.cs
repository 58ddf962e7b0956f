using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Gateway.Tests.Problems;

/// <summary>
/// Problems in the caller's language through the gateway: a service's (the real Identity's) and the
/// gateway's own, Chinese by default and English on <c>Accept-Language: en</c>, the code and the rule codes the same.
/// </summary>
public sealed class ProblemLanguageTests(IdentityApp identity) : IClassFixture<IdentityApp>, IAsyncLifetime
{
    private ServiceHost<GatewayServices> gateway = null!;
    private HttpClient client = null!;

    public ValueTask InitializeAsync()
    {
        // Identity is real; every other service is down.
        gateway = TestGateway.Start($"http://127.0.0.1:{FreePort.Next()}", identity.Host.HttpAddress.ToString().TrimEnd('/'));
        client = gateway.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await gateway.DisposeAsync();
    }

    [Theory]
    [InlineData(null, "zh-CN", "提交的内容有字段不符合规则。")]
    [InlineData("en", "en", "One or more fields break a rule.")]
    [InlineData("en-US,en;q=0.9", "en", "One or more fields break a rule.")]
    [InlineData("fr-FR", "zh-CN", "提交的内容有字段不符合规则。")]
    public async Task AServicesFieldErrors_AreInTheAskedLanguage_WithTheSameCodes(string? acceptLanguage, string language, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/identity/accounts")
        {
            Content = JsonContent.Create(new { mobile = "12345", password = "Passw0rd!", displayName = "居民" }),
        };
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await response.AssertFieldErrorAsync("mobile", "mobile_format");
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(language, Assert.Single(response.Content.Headers.ContentLanguage));
        Assert.False(problem.TryGetProperty("alliance.texts", out _));
    }

    [Theory]
    [InlineData(null, "zh-CN", "无法连接到该服务，或服务中断了应答，请稍后重试。")]
    [InlineData("en", "en", "The service could not be reached, or broke off its answer; retry later.")]
    public async Task TheGatewaysOwnProblem_IsInTheAskedLanguage(string? acceptLanguage, string language, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/needs/needs");
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadGateway, "bad_gateway");
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(language, Assert.Single(response.Content.Headers.ContentLanguage));
    }

    [Fact]
    public async Task AnUnknownRoute_IsAnsweredInChinese_ByStatusCodePages()
    {
        var response = await client.GetAsync("/api/nowhere", TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("未找到。", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task TheRateLimitsDetail_KeepsItsNumber_InChinese()
    {
        await using var limited = TestGateway.Start($"http://127.0.0.1:{FreePort.Next()}", identity.Host.HttpAddress.ToString().TrimEnd('/'), new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:PerIp:PermitLimit"] = "1",
            ["Gateway:RateLimits:PerIp:Window"] = "00:01:00",
        });
        using var limitedClient = limited.CreateClient();
        await limitedClient.GetAsync("/api/needs/needs", TestContext.Current.CancellationToken);

        var response = await limitedClient.GetAsync("/api/needs/needs", TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var seconds = response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.Equal($"请在 {seconds} 秒后重试。", problem.GetProperty("detail").GetString());
    }
}
