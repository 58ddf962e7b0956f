using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Alliance.Notifications.Channels;

/// <summary>WeChat official-account template messages (<c>Notifications:Channels:WeChat:*</c> with <c>Kind=wechat</c>).</summary>
internal sealed class WeChatOptions
{
    public const string Section = "Notifications:Channels:WeChat";

    public Uri Endpoint { get; set; } = new("https://api.weixin.qq.com/");

    public string AppId { get; set; } = "";

    public string AppSecret { get; set; } = "";

    /// <summary>The template; its fields <c>first</c> (the title) and <c>keyword1</c> (the body) are filled.</summary>
    public string TemplateId { get; set; } = "";

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(AppId) || string.IsNullOrWhiteSpace(AppSecret) || string.IsNullOrWhiteSpace(TemplateId))
        {
            throw new InvalidOperationException($"WeChat template messages need {Section}:AppId, AppSecret and TemplateId.");
        }
    }
}

/// <summary>
/// A template message to the person's openid: an access token from the app id and secret
/// (<c>cgi-bin/token</c>), kept until shortly before it expires, then <c>cgi-bin/message/template/send</c>.
/// A non-2xx answer or an <c>errcode</c> other than 0 is a failure; a refused token is dropped, so the
/// retry asks for a new one. It reaches only people whose openid is known, and none is yet.
/// </summary>
internal sealed class WeChatTemplateChannel(IHttpClientFactory clients, IOptions<WeChatOptions> options, TimeProvider time) : INotificationChannel, IDisposable
{
    public const string ClientName = "wechat";

    /// <summary>WeChat's tokens live two hours; one is given up this long before.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    /// <summary>Codes that mean the token is no good (invalid, expired).</summary>
    private static readonly int[] TokenRefused = [40001, 40014, 42001];

    private readonly SemaphoreSlim gate = new(1, 1);
    private (string Token, DateTimeOffset Until)? token;

    public string Name => ChannelNames.WeChat;

    public string? AddressOf(PersonContact contact) => contact.WeChatOpenId;

    public void Dispose() => gate.Dispose();

    public async Task SendAsync(ChannelMessage message, CancellationToken ct)
    {
        var o = options.Value;
        var accessToken = await TokenAsync(ct);
        var body = new
        {
            touser = message.To,
            template_id = o.TemplateId,
            data = new { first = new { value = message.Title }, keyword1 = new { value = message.Body } },
        };
        using var response = await clients.CreateClient(ClientName)
            .PostAsJsonAsync(new Uri(o.Endpoint, $"cgi-bin/message/template/send?access_token={Uri.EscapeDataString(accessToken)}"), body, ct);
        var answer = await AnswerAsync(response, ct);
        if (answer.ErrCode != 0)
        {
            if (TokenRefused.Contains(answer.ErrCode))
            {
                token = null;
            }

            throw new ChannelFailedException($"WeChat refused the template message: errcode {answer.ErrCode}.");
        }
    }

    private async Task<string> TokenAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (token is { } held && held.Until > time.GetUtcNow())
            {
                return held.Token;
            }

            var o = options.Value;
            using var response = await clients.CreateClient(ClientName).GetAsync(
                new Uri(o.Endpoint, $"cgi-bin/token?grant_type=client_credential&appid={Uri.EscapeDataString(o.AppId)}&secret={Uri.EscapeDataString(o.AppSecret)}"), ct);
            var answer = await AnswerAsync(response, ct);
            if (answer.ErrCode != 0 || string.IsNullOrEmpty(answer.AccessToken))
            {
                throw new ChannelFailedException($"WeChat gave no access token: errcode {answer.ErrCode}.");
            }

            token = (answer.AccessToken, time.GetUtcNow() + TimeSpan.FromSeconds(answer.ExpiresIn) - Margin);
            return answer.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<WeChatAnswer> AnswerAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new ChannelFailedException($"WeChat answered {(int)response.StatusCode}.");
        }

        return await response.Content.ReadFromJsonAsync<WeChatAnswer>(ct) ?? throw new ChannelFailedException("WeChat answered nothing.");
    }

    private sealed record WeChatAnswer(
        [property: JsonPropertyName("errcode")] int ErrCode,
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
