using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>
/// Alibaba Cloud's SMS API on a loopback port: it checks each request's shape and signature as the
/// provider would (its own reading of the signing rules, not the adapter's code), and answers the
/// scripted failures first (500, then an error code), then <c>OK</c>.
/// </summary>
public sealed class FakeAliyunSms : IAsyncLifetime
{
    public const string AccessKeyId = "test-key-id";
    public const string AccessKeySecret = "test-key-secret";
    public const string SignName = "邻里互助";
    public const string TemplateCode = "SMS_000001";

    /// <summary>Scripted answers by mobile: other classes' events bring messages for their own people here too.</summary>
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpContext, Task>>> scripts = new();
    private WebApplication? app;

    /// <summary>Every request that came, as its form fields, with whether its shape and signature were right.</summary>
    public ConcurrentQueue<(Dictionary<string, string> Form, bool Valid, int Status)> Requests { get; } = new();

    public string Address { get; private set; } = "";

    /// <summary>Answers the next request for this mobile with a 500.</summary>
    public void FailNext(string mobile) => Script(mobile).Enqueue(context => Answer(context, 500, """{"Code":"InternalError","Message":"busy"}"""));

    /// <summary>Answers the next request for this mobile with 200 and an error code.</summary>
    public void RefuseNext(string mobile, string code) => Script(mobile).Enqueue(context => Answer(context, 200, $$"""{"Code":"{{code}}","Message":"refused"}"""));

    private ConcurrentQueue<Func<HttpContext, Task>> Script(string mobile) => scripts.GetOrAdd(mobile, _ => new());

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.MapPost("/", async context =>
        {
            var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
            var valid = IsValid(form);
            if (!valid)
            {
                await Answer(context, 400, """{"Code":"SignatureDoesNotMatch"}""");
            }
            else if (Script(form["PhoneNumbers"]).TryDequeue(out var scripted))
            {
                await scripted(context);
            }
            else
            {
                await Answer(context, 200, """{"Code":"OK","Message":"OK","BizId":"1","RequestId":"r"}""");
            }

            Requests.Enqueue((form, valid, context.Response.StatusCode));
        });
        await app.StartAsync();
        Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/";
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private static Task Answer(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    private static bool IsValid(Dictionary<string, string> form)
    {
        string[] required = ["AccessKeyId", "Action", "Format", "PhoneNumbers", "RegionId", "SignName", "SignatureMethod", "SignatureNonce", "SignatureVersion", "TemplateCode", "TemplateParam", "Timestamp", "Version", "Signature"];
        if (required.Any(r => !form.ContainsKey(r))
            || (form["Action"], form["Version"], form["SignatureMethod"], form["SignatureVersion"], form["AccessKeyId"], form["SignName"], form["TemplateCode"])
                != ("SendSms", "2017-05-25", "HMAC-SHA1", "1.0", AccessKeyId, SignName, TemplateCode)
            || !DateTimeOffset.TryParseExact(form["Timestamp"], "yyyy-MM-dd'T'HH:mm:ss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal, out _))
        {
            return false;
        }

        // The provider's rule: percent-encode (RFC 3986) each sorted name and value, join, encode again behind "POST&%2F&".
        static string Encode(string s) => string.Concat(Encoding.UTF8.GetBytes(s).Select(b =>
            (b is >= (byte)'A' and <= (byte)'Z') || (b is >= (byte)'a' and <= (byte)'z') || (b is >= (byte)'0' and <= (byte)'9') || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~'
                ? ((char)b).ToString()
                : $"%{b:X2}"));
        var canonical = string.Join('&', form.Where(f => f.Key != "Signature").OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{Encode(f.Key)}={Encode(f.Value)}"));
#pragma warning disable CA5350 // The provider's signature is HMAC-SHA1.
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(AccessKeySecret + "&"), Encoding.UTF8.GetBytes($"POST&%2F&{Encode(canonical)}")));
#pragma warning restore CA5350
        return expected == form["Signature"];
    }
}

/// <summary>Notifications whose SMS goes to Alibaba Cloud, here the loopback fake.</summary>
public sealed class AliyunNotificationsApp(Alliance.Testing.Containers containers) : NotificationsApp(containers)
{
    public FakeAliyunSms Aliyun { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await Aliyun.InitializeAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Aliyun.DisposeAsync();
    }

    protected override IReadOnlyDictionary<string, string?> ChannelSettings() => new Dictionary<string, string?>
    {
        ["Notifications:Channels:Sms:Kind"] = "aliyun",
        ["Notifications:Channels:Sms:Endpoint"] = Aliyun.Address,
        ["Notifications:Channels:Sms:AccessKeyId"] = FakeAliyunSms.AccessKeyId,
        ["Notifications:Channels:Sms:AccessKeySecret"] = FakeAliyunSms.AccessKeySecret,
        ["Notifications:Channels:Sms:SignName"] = FakeAliyunSms.SignName,
        ["Notifications:Channels:Sms:TemplateCode"] = FakeAliyunSms.TemplateCode,
    };
}
