using System.Net;
using Alliance.Notifications.Webhooks;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>The rules of webhooks that need no service: which addresses are public, the signature, the schedule.</summary>
public sealed class WebhookRuleTests
{
    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.16.5.4", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("64:ff9b::a00:1", false)]
    public void OnlyPublicAddresses_AreCalled(string address, bool expected) =>
        Assert.Equal(expected, WebhookUrls.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void TheSignature_IsTheHexHmacOfTimeDotBody_UnderTheSecret()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1764748800);

        var signature = WebhookSecrets.Sign("whsec_test", "{\"a\":1}", at);

        Assert.Equal("t=1764748800,v1=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            "whsec_test"u8.ToArray(), "1764748800.{\"a\":1}"u8.ToArray())), signature);
        Assert.NotEqual(signature, WebhookSecrets.Sign("whsec_other", "{\"a\":1}", at));
    }

    [Fact]
    public void TheSchedule_IsEightAttempts_OverLessThanADay()
    {
        var waits = Enumerable.Range(1, 10).Select(WebhookSchedule.After).TakeWhile(w => w is not null).Select(w => w!.Value).ToList();

        Assert.Equal(8, WebhookSchedule.MaxAttempts);
        Assert.Equal(7, waits.Count);
        Assert.InRange(waits.Aggregate(TimeSpan.Zero, (a, b) => a + b), TimeSpan.FromHours(12), TimeSpan.FromDays(1));
    }
}
