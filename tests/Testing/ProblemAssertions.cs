using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Alliance.Testing;

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 problem with the status and stable code; returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
        return body;
    }

    /// <summary>Asserts a 400 <c>validation_failed</c> problem whose field carries the rule code; returns its body.</summary>
    public static async Task<JsonElement> AssertFieldErrorAsync(this HttpResponseMessage response, string field, string rule)
    {
        var body = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains(rule, body.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
        return body;
    }
}
