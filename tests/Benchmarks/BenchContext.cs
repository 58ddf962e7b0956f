using Alliance.SystemTesting;

namespace Alliance.Benchmarks;

/// <summary>
/// What the benches of one run share: the whole system under the real AppHost, built in Release
/// (the AppHost runs its projects in its own configuration), started by the first bench that asks
/// for it and stopped at the end.
/// </summary>
public sealed class BenchContext : IAsyncDisposable
{
    private Task<AllianceSystem>? system;

    public Task<AllianceSystem> SystemAsync() => system ??= StartAsync();

    private static async Task<AllianceSystem> StartAsync()
    {
        Console.WriteLine("Starting the whole system (Release) under the AppHost...");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var whole = new BenchSystem();
        await whole.InitializeAsync();
        Console.WriteLine($"  healthy after {started.Elapsed.TotalSeconds:0} s");
        return whole;
    }

    public async ValueTask DisposeAsync()
    {
        if (system is { IsCompletedSuccessfully: true })
        {
            await (await system).DisposeAsync();
        }
    }
}

/// <summary>The whole system as the benches need it: the REST twins of internal calls mapped (the <c>grpc</c> bench).</summary>
public sealed class BenchSystem : AllianceSystem
{
    protected override IEnumerable<string> Settings => ["--Bench:RestTwins=true"];
}
