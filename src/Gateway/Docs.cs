using Scalar.AspNetCore;

namespace Alliance.Gateway;

internal static class Docs
{
    public const string Path = "/docs";

    /// <summary>One Scalar page listing every service's OpenAPI document, each fetched through the gateway.</summary>
    public static WebApplication MapDocs(this WebApplication app)
    {
        app.MapScalarApiReference(Path, options =>
        {
            options.Title = "Alliance API";
            foreach (var (name, title) in GatewayServices.All)
            {
                options.AddDocument(name, title, $"/api/{name}/openapi/v1.json");
            }
        });
        return app;
    }
}
