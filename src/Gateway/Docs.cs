using Alliance.ServiceDefaults.Security;
using Scalar.AspNetCore;

namespace Alliance.Gateway;

internal static class Docs
{
    public const string Path = "/docs";

    /// <summary>
    /// One Scalar page listing every service's OpenAPI document, each fetched through the gateway.
    /// A reader authorizes with the documents' <c>oauth2</c> scheme (password flow, through the
    /// gateway's token endpoint) and tries calls with the token.
    /// </summary>
    public static WebApplication MapDocs(this WebApplication app)
    {
        string[] scopes = [Audiences.Api, "offline_access"];
        app.MapScalarApiReference(Path, options =>
        {
            options.Title = "Alliance API";
            foreach (var (name, title) in GatewayServices.All)
            {
                options.AddDocument(name, title, $"/api/{name}/openapi/v1.json");
            }

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
}
