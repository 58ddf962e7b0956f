using Npgsql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Xunit;

namespace Alliance.Testing;

/// <summary>
/// One PostgreSQL and one RabbitMQ container per test project (an xunit assembly fixture), shared
/// by its classes, and the hosts its classes share (<see cref="SharedAsync{T}"/>). Each test class
/// gets its own database. The containers start when a class first needs them, so a run of rule
/// tests alone (<c>./alliance test --unit</c>) starts none. The images come from the same settings
/// the AppHost reads, so machines without a registry use the images ./alliance builds.
/// </summary>
public sealed class Containers : IAsyncLifetime
{
    private readonly PostgreSqlContainer postgres;
    private readonly RabbitMqContainer rabbitmq;
    private readonly SemaphoreSlim templateLock = new(1, 1);
    private readonly HashSet<string> templates = [];
    private readonly Lazy<Task> started;
    private readonly Dictionary<Type, Task<IAsyncLifetime>> shared = [];
    private readonly List<IAsyncLifetime> sharedInOrder = [];

    public Containers()
    {
        // Testcontainers reads these once, when first touched: set them before building anything.
        // The machine looks like a container, so without the override it would pick a bridge address.
        SetDefault("TESTCONTAINERS_RYUK_DISABLED", "true");
        SetDefault("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1");
        SetDefault("DOCKER_API_VERSION", "1.41");

        // Every class of a project runs its services (and their pools) against this one server, and
        // capacity races open many connections at once: PostgreSQL's default of 100 runs out.
        postgres = new PostgreSqlBuilder(Image("ALLIANCE_POSTGRES_IMAGE", "docker.io/library/postgres:18.3"))
            .WithCommand("-c", "max_connections=500")
            .Build();
        // As the AppHost's broker: a consumer may hold a message through the transient-retry window.
        rabbitmq = new RabbitMqBuilder(Image("ALLIANCE_RABBITMQ_IMAGE", "docker.io/library/rabbitmq:4.3"))
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-rabbit consumer_timeout 3600000")
            .Build();
        started = new(() => Task.WhenAll(postgres.StartAsync(), rabbitmq.StartAsync()));
    }

    /// <summary>The amqp URI of the shared broker, as <c>ConnectionStrings:rabbitmq</c>.</summary>
    public string RabbitMqConnectionString => rabbitmq.GetConnectionString();

    /// <summary>The loopback ports, for a <see cref="LoopbackProxy"/> in front of them.</summary>
    public int PostgresPort => postgres.GetMappedPublicPort(PostgreSqlBuilder.PostgreSqlPort);

    public int RabbitMqPort => rabbitmq.GetMappedPublicPort(RabbitMqBuilder.RabbitMqPort);

    /// <summary>The server's connection string, for the <c>postgres</c> maintenance database.</summary>
    public string PostgresConnectionString => postgres.GetConnectionString();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>Starts both containers, once; every fixture that uses them awaits this first.</summary>
    public Task StartAsync() => started.Value;

    /// <summary>
    /// A host that every class of the test project shares, started once, on first request, and
    /// stopped after the last class: Identity (every <see cref="ServiceApp{TEntryPoint}"/> uses the
    /// shared one) and the neighbours a service asks over gRPC (Volunteers beside Needs, say). A
    /// class asks for one in its fixture: <c>Volunteers = await containers.SharedAsync(c =&gt; new VolunteersApp(c))</c>.
    /// Only what is per class (the service under test, its database) is started per class.
    /// </summary>
    public async Task<T> SharedAsync<T>(Func<Containers, T> create) where T : class, IAsyncLifetime
    {
        Task<IAsyncLifetime> task;
        lock (shared)
        {
            if (!shared.TryGetValue(typeof(T), out task!))
            {
                task = StartSharedAsync(create(this));
                shared[typeof(T)] = task;
            }
        }

        return (T)await task;
    }

    private async Task<IAsyncLifetime> StartSharedAsync(IAsyncLifetime host)
    {
        await StartAsync();
        await host.InitializeAsync();
        lock (sharedInOrder)
        {
            sharedInOrder.Add(host);
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        // Shared hosts first, the last started first: a neighbour may use Identity until it stops.
        for (var i = sharedInOrder.Count - 1; i >= 0; i--)
        {
            await sharedInOrder[i].DisposeAsync();
        }

        if (started.IsValueCreated)
        {
            await Task.WhenAll(postgres.DisposeAsync().AsTask(), rabbitmq.DisposeAsync().AsTask());
        }

        templateLock.Dispose();
    }

    /// <summary>
    /// A new, empty database with a unique name; or, given a template that <paramref name="prepareTemplate"/>
    /// fills once per run (migrations, say), a copy of it, which takes a few milliseconds.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? template = null, Func<string, Task>? prepareTemplate = null)
    {
        await StartAsync();
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

    /// <summary>
    /// A fresh, empty virtual host on the shared broker (a broker of its own, as far as a client can
    /// tell), for tests of what exists before anyone declared it; its amqp URI.
    /// </summary>
    public async Task<string> CreateVirtualHostAsync()
    {
        await StartAsync();
        var name = $"test-{Guid.NewGuid():N}";
        var user = Uri.UnescapeDataString(new Uri(RabbitMqConnectionString).UserInfo.Split(':')[0]);
        await RabbitMqCtlAsync("add_vhost", name);
        await RabbitMqCtlAsync("set_permissions", "-p", name, user, ".*", ".*", ".*");
        return new UriBuilder(RabbitMqConnectionString) { Path = "/" + name }.Uri.ToString();
    }

    /// <summary>Runs <c>rabbitmqctl</c> in the broker's container; its output.</summary>
    public async Task<string> RabbitMqCtlAsync(params string[] arguments)
    {
        var result = await rabbitmq.ExecAsync(["rabbitmqctl", .. arguments]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed: {result.Stderr}");
        }

        return result.Stdout;
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

            // A preparation that failed in an earlier class left its half-made template: start again.
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{template}\" WITH (FORCE)");
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
