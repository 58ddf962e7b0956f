namespace Alliance.AppHost;

internal static class ServiceResources
{
    /// <summary>
    /// One Alliance service: its own database on the shared server (<c>{name}db</c>), the broker,
    /// and its readiness probe, so the dashboard shows its health and dependants wait for it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<PostgresServerResource> postgres, IResourceBuilder<RabbitMQServerResource> rabbitmq)
        where TProject : IProjectMetadata, new()
    {
        var database = postgres.AddDatabase($"{name}db");
        return builder.AddProject<TProject>(name)
            .WithReference(database).WaitFor(database)
            .WithReference(rabbitmq).WaitFor(rabbitmq)
            .WithHttpHealthCheck("/health");
    }
}
