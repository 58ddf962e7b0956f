using Npgsql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Xunit;

namespace Alliance.Testing;

/// <summary>
/// One PostgreSQL and one RabbitMQ container per test project (an xunit assembly fixture), shared
/// by its classes. Each test class gets its own database. The images come from the same settings
/// the AppHost reads, so machines without a registry use the images ./alliance builds.
/// </summary>
public sealed class Containers : IAsyncLifetime
{
    private readonly PostgreSqlContainer postgres;
    private readonly RabbitMqContainer rabbitmq;
    private readonly SemaphoreSlim templateLock = new(1, 1);
    private readonly HashSet<string> templates = [];

    public Containers()
    {
        // Testcontainers reads these once, when first touched: set them before building anything.
        // The machine looks like a container, so without the override it would pick a bridge address.
        SetDefault("TESTCONTAINERS_RYUK_DISABLED", "true");
        SetDefault("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1");
        SetDefault("DOCKER_API_VERSION", "1.41");

        // Every class runs a service and an Identity, each with its pools, consumers and sweepers: 100 is too few.
        postgres = new PostgreSqlBuilder(Image("ALLIANCE_POSTGRES_IMAGE", "docker.io/library/postgres:18.3"))
            .WithCommand("-c", "max_connections=400")
            .Build();
        rabbitmq = new RabbitMqBuilder(Image("ALLIANCE_RABBITMQ_IMAGE", "docker.io/library/rabbitmq:4.3"))
            .Build();
    }

    /// <summary>The amqp URI of the shared broker, as <c>ConnectionStrings:rabbitmq</c>.</summary>
    public string RabbitMqConnectionString => rabbitmq.GetConnectionString();

    /// <summary>The loopback ports, for a <see cref="LoopbackProxy"/> in front of them.</summary>
    public int PostgresPort => postgres.GetMappedPublicPort(PostgreSqlBuilder.PostgreSqlPort);

    public int RabbitMqPort => rabbitmq.GetMappedPublicPort(RabbitMqBuilder.RabbitMqPort);

    /// <summary>The server's connection string, for the <c>postgres</c> maintenance database.</summary>
    public string PostgresConnectionString => postgres.GetConnectionString();

    public async ValueTask InitializeAsync() =>
        await Task.WhenAll(postgres.StartAsync(), rabbitmq.StartAsync());

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(postgres.DisposeAsync().AsTask(), rabbitmq.DisposeAsync().AsTask());
        templateLock.Dispose();
    }

    /// <summary>
    /// A new, empty database with a unique name; or, given a template that <paramref name="prepareTemplate"/>
    /// fills once per run (migrations, say), a copy of it, which takes a few milliseconds.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? template = null, Func<string, Task>? prepareTemplate = null)
    {
        if (template is not null)
        {
            await EnsureTemplateAsync(template, prepareTemplate ?? (_ => Task.CompletedTask));
        }

        var name = $"test_{Guid.NewGuid():N}";
        await ExecuteAsync(template is null
            ? $"CREATE DATABASE \"{name}\""
            : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return ConnectionStringFor(name);
    }

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(postgres.GetConnectionString()) { Database = database }.ConnectionString;

    private async Task EnsureTemplateAsync(string template, Func<string, Task> prepare)
    {
        await templateLock.WaitAsync();
        try
        {
            if (templates.Contains(template))
            {
                return;
            }

            await ExecuteAsync($"CREATE DATABASE \"{template}\"");
            // No pooled connection may stay open on a template, or copying it fails.
            var connectionString = new NpgsqlConnectionStringBuilder(ConnectionStringFor(template)) { Pooling = false }.ConnectionString;
            await prepare(connectionString);
            // Whatever prepared it may still hold pooled connections, and a template must have none.
            await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{template}' AND pid <> pg_backend_pid()");
            templates.Add(template);
        }
        finally
        {
            templateLock.Release();
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Image(string setting, string official) =>
        Environment.GetEnvironmentVariable(setting) is { Length: > 0 } image ? image : official;

    private static void SetDefault(string name, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
