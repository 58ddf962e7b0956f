using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Alliance.Notifications.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>The WeChat adapter against a loopback stand-in: one access token for many messages, the openid and template in the body, an errcode a failure.</summary>
[Trait("Category", "Unit")]
public sealed class WeChatChannelTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, string Query, string Body)> requests = new();
    private WebApplication? fake;
    private int errcode;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ItTakesOneToken_SendsToTheOpenid_AndAnErrcodeIsAFailure()
    {
        using var channel = Channel();
        var message = new ChannelMessage(Guid.CreateVersion7(), Guid.CreateVersion7(), "openid-1", "needClaimed", "您的需求已被认领", "李志愿认领了您的需求。");

        await channel.SendAsync(message, Ct);
        await channel.SendAsync(message with { To = "openid-2" }, Ct);

        Assert.Equal(1, requests.Count(r => r.Path == "/cgi-bin/token"));
        var sends = requests.Where(r => r.Path == "/cgi-bin/message/template/send").ToList();
        Assert.All(sends, s => Assert.Equal("?access_token=token-1", s.Query));
        var first = JsonDocument.Parse(sends[0].Body).RootElement;
        Assert.Equal(("openid-1", "template-1", "您的需求已被认领"), (first.GetProperty("touser").GetString(), first.GetProperty("template_id").GetString(), first.GetProperty("data").GetProperty("first").GetProperty("value").GetString()));
        Assert.Equal("openid-2", JsonDocument.Parse(sends[1].Body).RootElement.GetProperty("touser").GetString());

        errcode = 43004;
        var failed = await Assert.ThrowsAsync<ChannelFailedException>(() => channel.SendAsync(message, Ct));
        Assert.DoesNotContain("openid", failed.Message, StringComparison.Ordinal);
        Assert.Null(channel.AddressOf(new PersonContact("13500000000", null)));
    }

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        fake = builder.Build();
        fake.MapGet("/cgi-bin/token", (HttpContext context) =>
        {
            requests.Enqueue((context.Request.Path, context.Request.QueryString.Value ?? "", ""));
            return context.Request.Query["appid"] == "app-1" && context.Request.Query["secret"] == "secret-1"
                ? Results.Json(new { access_token = "token-1", expires_in = 7200 })
                : Results.Json(new { errcode = 40013, errmsg = "invalid appid" });
        });
        fake.MapPost("/cgi-bin/message/template/send", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            requests.Enqueue((context.Request.Path, context.Request.QueryString.Value ?? "", await reader.ReadToEndAsync()));
            return Results.Json(new { errcode, errmsg = errcode == 0 ? "ok" : "refused" });
        });
        await fake.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (fake is not null)
        {
            await fake.DisposeAsync();
        }
    }

    private WeChatTemplateChannel Channel()
    {
        var address = fake!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/";
        var options = Options.Create(new WeChatOptions { Endpoint = new Uri(address), AppId = "app-1", AppSecret = "secret-1", TemplateId = "template-1" });
        return new WeChatTemplateChannel(new Clients(), options, TimeProvider.System);
    }

    private sealed class Clients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
