using System.Text.Json;
using Alliance.Contracts.Reference;
using Alliance.ServiceDefaults.Security;
using Microsoft.Net.Http.Headers;

namespace Alliance.Gateway;

internal static class ReferenceApi
{
    public const string Path = "/api/reference";

    /// <summary>
    /// The reference data every request's ids come from, for apps to build their pickers: public, and
    /// the same bytes until a deployment changes the file, so it is made once, with a strong ETag
    /// (a hash of those bytes) that lets a cached copy be revalidated with a 304 and no body.
    /// </summary>
    public static WebApplication MapReference(this WebApplication app)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(ReferenceResponse.From(ReferenceData.Current), JsonSerializerOptions.Web);
        var etag = StaticAnswer.ETagOf(body);

        app.MapGet(Path, (HttpContext context) =>
            {
                context.Response.GetTypedHeaders().CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromMinutes(5) };
                return Results.Bytes(body, "application/json; charset=utf-8", entityTag: etag);
            })
            .Access(AccessClass.Public)
            .RequireRateLimiting(RateLimits.Api)
            .WithName("GetReference")
            .WithTags("Reference")
            .WithSummary("The street, its communities, grid cells and buildings, and the kinds of service, with their Chinese names.")
            .WithDescription("Public. Every communityId, gridId, building, kindId and skill a request carries is one of these; another is 400 validation_failed. Cache it: the answer carries a strong ETag and Cache-Control public, max-age=300, and If-None-Match with that ETag answers 304 without a body.")
            .Produces<ReferenceResponse>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status304NotModified);
        return app;
    }
}
