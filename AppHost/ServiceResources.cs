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
            .WithHostEnvironment(builder)
            .WithHttpHealthCheck("/health");
    }

    /// <summary>
    /// Runs the project in the AppHost's environment (Development under ./alliance up). The services
    /// have no launch profiles, and without this they would run as Production, where Identity
    /// rightly refuses plain HTTP.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithHostEnvironment(this IResourceBuilder<ProjectResource> project, IDistributedApplicationBuilder builder) =>
        builder.ExecutionContext.IsRunMode
            ? project.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
            : project;
}
