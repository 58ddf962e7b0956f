using System.Diagnostics.CodeAnalysis;

namespace Alliance.ServiceDefaults.OpenApi;

/// <summary>
/// A request body that the API accepts, shown as the example of every operation that takes the
/// type as its body. Use the demo street's real places, kinds and formats, so it passes every field rule.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequestExampleAttribute([StringSyntax(StringSyntaxAttribute.Json)] string json) : Attribute
{
    public string Json { get; } = json;
}
