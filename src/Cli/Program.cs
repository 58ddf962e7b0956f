using Alliance.Cli.Seeding;

// ./alliance seed runs this with the gateway's address and the passwords in the environment (never on
// the command line, where ps shows them): ALLIANCE_GATEWAY, ALLIANCE_STREET_ADMIN_MOBILE,
// ALLIANCE_STREET_ADMIN_PASSWORD, and ALLIANCE_SEED_PASSWORD for the demo volunteers.
if (args is not ["seed", ..] || args.Skip(1).Any(a => a != "--if-empty"))
{
    Console.Error.WriteLine("usage: Alliance.Cli seed [--if-empty]");
    return 2;
}

string Setting(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
    ? value
    : throw new InvalidOperationException($"{name} is not set; ./alliance seed sets it from .alliance/secrets.env.");

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
try
{
    var gateway = new Uri(Environment.GetEnvironmentVariable("ALLIANCE_GATEWAY") ?? "http://localhost:5100");
    using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
    var seeder = new Seeder(http, Setting("ALLIANCE_STREET_ADMIN_MOBILE"), Setting("ALLIANCE_STREET_ADMIN_PASSWORD"), Setting("ALLIANCE_SEED_PASSWORD"), Console.Out);
    if (args.Contains("--if-empty") && !await seeder.IsEmptyAsync(cancel.Token))
    {
        Console.WriteLine("The street already has teams: the demo seed is not loaded (./alliance seed loads it anyway).");
        return 0;
    }

    Console.WriteLine($"Loading the demo street (seeds/demo/alliance.json) through {gateway}");
    var report = await seeder.RunAsync(cancel.Token);
    report.Print(Console.Out);
    return 0;
}
catch (Exception ex) when (ex is SeedException or HttpRequestException or InvalidOperationException or TaskCanceledException)
{
    Console.Error.WriteLine($"seed: {ex.Message}");
    return 1;
}
