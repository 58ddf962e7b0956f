using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;

namespace Alliance.AppHost;

internal static class ServiceResources
{
    /// <summary>
    /// One Alliance service: its own database on the shared server (<c>{name}db</c>), which it
    /// reaches as a role of its own that owns that database only (<see cref="DatabaseRoles"/>, with a
    /// password generated for the run), the broker, and its readiness probe, so the dashboard shows
    /// its health. It starts as soon as its database and role exist, beside the others: waiting for
    /// the broker or for Identity too made a start 10 to 15 s longer (docs/performance.md). Each waits
    /// for those by itself (the broker away leaves it degraded, not unready, its events kept in its
    /// outbox; a token or a key from Identity is asked for, with retries, when first needed).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<PostgresServerResource> postgres, IResourceBuilder<RabbitMQServerResource> rabbitmq)
        where TProject : IProjectMetadata, new()
    {
        var database = postgres.AddDatabase($"{name}db");
        var password = builder.AddParameter($"{name}-db-password", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
        // Once the database exists and answers, before anything that waits for it starts.
        builder.Eventing.Subscribe<ResourceReadyEvent>(database.Resource, async (_, ct) =>
        {
            var superuser = await database.Resource.ConnectionStringExpression.GetValueAsync(ct)
                ?? throw new InvalidOperationException($"{name}db has no connection string.");
            await DatabaseRoles.EnsureOwnerAsync(superuser, name, await password.Resource.GetValueAsync(ct)
                ?? throw new InvalidOperationException($"{name}-db-password has no value."), ct);
        });
        var endpoint = postgres.Resource.PrimaryEndpoint;
        var connection = ReferenceExpression.Create(
            $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username={name};Password={password};Database={name}db");
        return builder.AddProject<TProject>(name).RunsItsBuild()
            .WithEnvironment($"ConnectionStrings__{name}db", connection).WaitFor(database)
            .WithReference(rabbitmq)
            .WithHostEnvironment(builder)
            // Messaging:* given to the AppHost (the chaos suite's Messaging:OutboxMaxAttempts) goes on to every service.
            .WithSettings("Messaging")
            // Bench:* (the benches' system sets Bench:RestTwins) goes on to every service too.
            .WithSettings("Bench")
            .WithHttpHealthCheck("/health");
    }

    /// <summary>
    /// Starts the project's own build output, the executable in <c>bin/{configuration}/{framework}</c>
    /// beside the AppHost's, instead of <c>dotnet run --no-build</c>: that evaluates the project with
    /// MSBuild before it starts the same executable, 2 to 3 CPU-seconds an app, 20 of a start's on two
    /// cores (docs/performance.md). The runtime is found where the AppHost's own is (<c>DOTNET_ROOT</c>,
    /// which <c>dotnet run</c> used to set). A project not built there runs as before.
    /// </summary>
    public static IResourceBuilder<ProjectResource> RunsItsBuild(this IResourceBuilder<ProjectResource> project)
    {
        var projectPath = project.Resource.GetProjectMetadata().ProjectPath;
        var directory = Path.GetDirectoryName(projectPath)!;
        var executable = Path.Combine(directory, "bin", BuildConfiguration, BuildFramework, Path.GetFileNameWithoutExtension(projectPath));
        if (!project.ApplicationBuilder.ExecutionContext.IsRunMode || !File.Exists(executable))
        {
            return project;
        }

        project.WithAnnotation(new ExecutableAnnotation { Command = executable, WorkingDirectory = directory }, ResourceAnnotationMutationBehavior.Replace);
        return project.WithEnvironment("DOTNET_ROOT", DotnetRoot);
    }

    /// <summary>The configuration the AppHost was built in, which its projects are built in too.</summary>
    private static string BuildConfiguration =>
        typeof(ServiceResources).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The target framework's folder the running host was built into (<c>net10.0</c>), the same for every project (Directory.Build.props).</summary>
    private static string BuildFramework => Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));

    /// <summary>The .NET installation this process runs on: <c>{root}/shared/Microsoft.NETCore.App/{version}/</c>, three folders up.</summary>
    private static string DotnetRoot =>
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    /// <summary>
    /// Passes a section of the AppHost's configuration (its command line, user secrets) on to the
    /// project as environment variables, the way .NET reads them back (<c>Section__Key</c>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSettings(this IResourceBuilder<ProjectResource> project, string section)
    {
        foreach (var (key, value) in project.ApplicationBuilder.Configuration.GetSection(section).AsEnumerable())
        {
            if (value is not null)
            {
                project.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }

        return project;
    }

    /// <summary>
    /// Lets a service validate tokens (Identity's internal address for its keys, the public issuer)
    /// and call other services' internal gRPC with a token of its own: a client secret generated
    /// for this run, which Identity registers for the service's client id (its name).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithIdentity(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ProjectResource> identity, ReferenceExpression issuer)
    {
        var name = service.Resource.Name;
        var secret = service.ApplicationBuilder.AddParameter(
            $"{name}-client-secret", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
        identity.WithEnvironment($"Identity__Services__{name}__Secret", secret);
        // Grpc:* given to the AppHost (Grpc:Deadlines:<service>) goes on to every service that calls others.
        return service.WithSettings("Grpc")
            .WithReference(identity)
            .WithEnvironment("Identity__Issuer", issuer)
            .WithEnvironment("Identity__ClientId", name)
            .WithEnvironment("Identity__ClientSecret", secret);
    }

    /// <summary>
    /// Runs the project in the apps' environment: <c>Alliance:AppEnvironment</c> if given (the
    /// end-to-end tests run them as Production), else the AppHost's own (Development under
    /// ./alliance up). The services have no launch profiles, and without this they would run as
    /// Production whatever the AppHost runs as. Every app here talks to Identity over plain http
    /// inside the machine, so each is told so (<c>Identity:AllowHttp</c>): Production alone would
    /// rightly refuse it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithHostEnvironment(this IResourceBuilder<ProjectResource> project, IDistributedApplicationBuilder builder) =>
        builder.ExecutionContext.IsRunMode
            ? project
                .WithEnvironment("ASPNETCORE_ENVIRONMENT", AppEnvironment(builder))
                .WithEnvironment("Identity__AllowHttp", "true")
            : project;

    public static string AppEnvironment(IDistributedApplicationBuilder builder) =>
        builder.Configuration["Alliance:AppEnvironment"] is { Length: > 0 } environment ? environment : builder.Environment.EnvironmentName;
}
