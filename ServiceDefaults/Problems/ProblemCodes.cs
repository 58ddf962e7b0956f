using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.ServiceDefaults.Problems;

/// <summary>The stable <c>code</c> values an endpoint can answer with one problem status.</summary>
public sealed record ProblemCodesMetadata(int Status, IReadOnlyList<string> Codes);

public static class ProblemCodesExtensions
{
    /// <summary>
    /// Declares a problem response and every <c>code</c> it can carry, so the OpenAPI document lists
    /// them per operation (and a client generated from it gets them as a union type).
    /// </summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, int status, params string[] codes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfZero(codes.Length);
        builder.WithMetadata(
            new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]),
            new ProblemCodesMetadata(status, codes));
        return builder;
    }

    /// <summary>Every code an endpoint declared for the status, in the order declared, each once.</summary>
    public static IReadOnlyList<string> ProblemCodesFor(this EndpointMetadataCollection metadata, int status) =>
        metadata.GetOrderedMetadata<ProblemCodesMetadata>()
            .Where(m => m.Status == status)
            .SelectMany(m => m.Codes)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
