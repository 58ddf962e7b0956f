namespace Alliance.AppHost;

internal static class ImageSettings
{
    /// <summary>
    /// Points a container at an image built on this machine (<c>alliance/postgres:15</c>) when the
    /// setting names one, and never pulls it; without the setting, Aspire's official image stays.
    /// </summary>
    public static IResourceBuilder<T> WithImageSetting<T>(this IResourceBuilder<T> resource, string? image)
        where T : ContainerResource
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return resource;
        }

        var colon = image.LastIndexOf(':');
        var (name, tag) = colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
        return resource
            .WithImageRegistry(null)
            .WithImage(name, tag)
            .WithImagePullPolicy(ImagePullPolicy.Never);
    }
}
