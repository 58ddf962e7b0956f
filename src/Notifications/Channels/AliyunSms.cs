using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Alliance.Notifications.Channels;

/// <summary>Alibaba Cloud SMS (<c>Notifications:Channels:Sms:*</c> with <c>Kind=aliyun</c>).</summary>
internal sealed class AliyunSmsOptions
{
    public const string Section = "Notifications:Channels:Sms";

    /// <summary>The API's address; the public one unless set (tests point it at a loopback fake).</summary>
    public Uri Endpoint { get; set; } = new("https://dysmsapi.aliyuncs.com/");

    public string RegionId { get; set; } = "cn-hangzhou";

    public string AccessKeyId { get; set; } = "";

    public string AccessKeySecret { get; set; } = "";

    /// <summary>The approved signature (签名) the message is sent under.</summary>
    public string SignName { get; set; } = "";

    /// <summary>The approved template; it names two variables, <c>${title}</c> and <c>${body}</c>.</summary>
    public string TemplateCode { get; set; } = "";

    public void Validate()
    {
        string[] missing = [.. new[] { (nameof(AccessKeyId), AccessKeyId), (nameof(AccessKeySecret), AccessKeySecret), (nameof(SignName), SignName), (nameof(TemplateCode), TemplateCode) }
            .Where(s => string.IsNullOrWhiteSpace(s.Item2)).Select(s => $"{Section}:{s.Item1}")];
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"SMS through Alibaba Cloud needs {string.Join(", ", missing)}.");
        }
    }
}

/// <summary>
/// SMS through Alibaba Cloud's <c>SendSms</c> (API version 2017-05-25): a form POST signed with
/// HMAC-SHA1 over the sorted, percent-encoded parameters (signature version 1.0). The mobile goes in
/// the body, never in the address, so no request log holds it. A non-2xx answer or a <c>Code</c>
/// other than <c>OK</c> is a failure, retried by the delivery.
/// </summary>
internal sealed class AliyunSmsChannel(IHttpClientFactory clients, IOptions<AliyunSmsOptions> options, TimeProvider time) : INotificationChannel
{
    public const string ClientName = "aliyun-sms";

    public string Name => ChannelNames.Sms;

    public string? AddressOf(PersonContact contact) => contact.Mobile;

    public async Task SendAsync(ChannelMessage message, CancellationToken ct)
    {
        var o = options.Value;
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccessKeyId"] = o.AccessKeyId,
            ["Action"] = "SendSms",
            ["Format"] = "JSON",
            ["PhoneNumbers"] = message.To,
            ["RegionId"] = o.RegionId,
            ["SignName"] = o.SignName,
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = Guid.NewGuid().ToString(),
            ["SignatureVersion"] = "1.0",
            ["TemplateCode"] = o.TemplateCode,
            ["TemplateParam"] = JsonSerializer.Serialize(new { title = message.Title, body = message.Body }),
            ["Timestamp"] = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["Version"] = "2017-05-25",
        };
        parameters["Signature"] = Sign("POST", parameters, o.AccessKeySecret);

        using var content = new FormUrlEncodedContent(parameters);
        using var response = await clients.CreateClient(ClientName).PostAsync(o.Endpoint, content, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new ChannelFailedException($"Alibaba Cloud SMS answered {(int)response.StatusCode}.");
        }

        var answer = await response.Content.ReadFromJsonAsync<SendSmsAnswer>(ct);
        if (answer?.Code != "OK")
        {
            // Its codes name the fault (isv.BUSINESS_LIMIT_CONTROL, isv.MOBILE_NUMBER_ILLEGAL), never the number.
            throw new ChannelFailedException($"Alibaba Cloud SMS refused the message: {answer?.Code ?? "no answer"}.");
        }
    }

    /// <summary>Base64 of HMAC-SHA1, keyed by the secret and "&amp;", over "METHOD&amp;%2F&amp;" and the encoded canonical query.</summary>
    public static string Sign(string method, IEnumerable<KeyValuePair<string, string>> parameters, string secret)
    {
        var canonical = string.Join('&', parameters.Where(p => p.Key != "Signature").OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{Encode(p.Key)}={Encode(p.Value)}"));
        var toSign = $"{method}&{Encode("/")}&{Encode(canonical)}";
#pragma warning disable CA5350 // Signature version 1.0 of the API is HMAC-SHA1; it is the provider's choice, not ours.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret + "&"), Encoding.UTF8.GetBytes(toSign)));
#pragma warning restore CA5350
    }

    /// <summary>RFC 3986 percent-encoding of UTF-8, as the API wants it: space is %20, <c>*</c> is %2A, <c>~</c> stays.</summary>
    public static string Encode(string value) => Uri.EscapeDataString(value);

    private sealed record SendSmsAnswer([property: JsonPropertyName("Code")] string? Code, [property: JsonPropertyName("Message")] string? Message);
}
