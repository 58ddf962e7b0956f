using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Alliance.Testing.Sweeps;

/// <summary>One HTTP route of a running service, as its route table declares it.</summary>
public sealed record Route(string Method, string Pattern, AccessClass? Access, Type? BodyType, IReadOnlyList<string> PeopleFields, IReadOnlyList<string> Parameters)
{
    public override string ToString() => $"{Method} {Pattern}";

    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";

    /// <summary>The path with each route value filled in; a value the sample does not have fails the sweep.</summary>
    public string PathWith(IReadOnlyDictionary<string, string> values) =>
        Parameters.Aggregate(Pattern, (path, name) =>
        {
            var value = values.TryGetValue(name, out var found)
                ? found
                : throw new Xunit.Sdk.XunitException($"{this}: the sweep's sample has no value for route value '{name}'. Add one to the service's sweep sample.");
            return System.Text.RegularExpressions.Regex.Replace(path, $@"\{{{name}(:[^}}]*)?\}}", value);
        });
}

public static class RouteTable
{
    /// <summary>Every HTTP route of the service (gRPC methods are listed by <see cref="GrpcMethods"/>).</summary>
    public static IReadOnlyList<Route> Of(IServiceProvider services) =>
        Endpoints(services)
            .Where(e => !IsGrpc(e))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method => new Route(
                method,
                "/" + (e.RoutePattern.RawText ?? "").Trim('/'),
                LastOf(e.Metadata.GetOrderedMetadata<AccessMetadata>())?.Class,
                LastOf(e.Metadata.GetOrderedMetadata<IAcceptsMetadata>())?.RequestType,
                e.Metadata.GetOrderedMetadata<PeopleFieldsMetadata>().SelectMany(p => p.Fields).ToList(),
                e.RoutePattern.Parameters.Select(p => p.Name).ToList())))
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();

    /// <summary>The service's own gRPC methods, with the authorization each declares.</summary>
    public static IReadOnlyList<(string Method, IReadOnlyList<IAuthorizeData> Authorization, bool AllowsAnonymous)> GrpcMethods(IServiceProvider services) =>
        Endpoints(services)
            .Where(IsGrpc)
            // gRPC's catch-alls for unknown services and methods answer Unimplemented; they do nothing.
            .Where(e => !(e.RoutePattern.RawText ?? "").Contains("{unimplemented", StringComparison.Ordinal))
            .Select(e => (e.RoutePattern.RawText ?? "", (IReadOnlyList<IAuthorizeData>)e.Metadata.GetOrderedMetadata<IAuthorizeData>(), e.Metadata.GetMetadata<IAllowAnonymous>() is not null))
            .ToList();

    private static IEnumerable<RouteEndpoint> Endpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    /// <summary>The metadata nearest the endpoint wins (an endpoint's own over its group's).</summary>
    private static T? LastOf<T>(IReadOnlyList<T> items) where T : class => items.Count > 0 ? items[^1] : null;

    private static bool IsGrpc(RouteEndpoint endpoint) => endpoint.DisplayName?.StartsWith("gRPC", StringComparison.Ordinal) == true;
}
