using Alliance.ServiceDefaults.Security;
using Scalar.AspNetCore;

namespace Alliance.Gateway;

internal static class Docs
{
    public const string Path = "/docs";

    /// <summary>The one document of the whole API: docs/api/openapi.json, embedded at build.</summary>
    public const string DocumentPath = "/docs/openapi.json";

    /// <summary>The gateway's own operations (<c>/openapi/gateway.json</c>), which the merged document takes in.</summary>
    public const string GatewayDocument = "gateway";

    /// <summary>
    /// The committed contract at <see cref="DocumentPath"/> (with an ETag, so an app or a generator
    /// can ask whether it changed), and a Scalar page showing it. A reader authorizes with its
    /// <c>oauth2</c> scheme (password flow, through the gateway's token endpoint) and tries calls with the token.
    /// </summary>
    public static WebApplication MapDocs(this WebApplication app)
    {
        var document = Contract();
        var etag = StaticAnswer.ETagOf(document);
        app.MapGet(DocumentPath, () => Results.Bytes(document, "application/json", entityTag: etag))
            .Access(AccessClass.Public)
            .ExcludeFromDescription();

        string[] scopes = [Audiences.Api, "offline_access"];
        app.MapScalarApiReference(Path, options =>
        {
            options.Title = "Alliance API";
            options.AddDocument("alliance", "Alliance API", DocumentPath);
            options.AddPreferredSecuritySchemes(ApiExtensions.OAuthScheme)
                .AddDefaultScopes(ApiExtensions.OAuthScheme, scopes)
                .AddPasswordFlow(ApiExtensions.OAuthScheme, flow =>
                {
                    flow.TokenUrl = ApiExtensions.PublicTokenPath;
                    flow.RefreshUrl = ApiExtensions.PublicTokenPath;
                    flow.SelectedScopes = scopes;
                });
        });
        return app;
    }

    private static byte[] Contract()
    {
        using var stream = typeof(Docs).Assembly.GetManifestResourceStream("openapi.json")
            ?? throw new InvalidOperationException("The gateway was built without docs/api/openapi.json.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
