using System.Collections.Concurrent;

namespace Alliance.Cli.Seeding;

/// <summary>What one load created and what it found already there, with the ids of what the seed holds.</summary>
internal sealed class SeedReport
{
    public Tally Accounts { get; } = new("accounts");

    public Tally Volunteers { get; } = new("volunteers registered");

    public Tally Verified { get; } = new("volunteers verified");

    public Tally Teams { get; } = new("teams");

    public Tally Approvals { get; } = new("teams approved");

    public Tally Squads { get; } = new("squads");

    public Tally Members { get; } = new("members (besides leaders)");

    public Tally Placements { get; } = new("deputies and squad places");

    public Tally Activities { get; } = new("activities");

    public Tally Residents { get; } = new("residents' accounts");

    public Tally Needs { get; } = new("needs");

    public Tally Merchants { get; } = new("merchants verified");

    public Tally Offers { get; } = new("offers");

    /// <summary>The seed's volunteers by name: their account ids.</summary>
    public ConcurrentDictionary<string, Guid> VolunteerIds { get; } = new(StringComparer.Ordinal);

    /// <summary>The seed's teams by name.</summary>
    public ConcurrentDictionary<string, Guid> TeamIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Things the seed left alone, and why.</summary>
    public ConcurrentQueue<string> Warnings { get; } = new();

    public int RateLimitWaits { get; set; }

    public TimeSpan Elapsed { get; set; }

    public IEnumerable<Tally> Tallies => [Accounts, Volunteers, Verified, Teams, Approvals, Squads, Members, Placements, Activities, Residents, Needs, Merchants, Offers];

    public int CreatedTotal => Tallies.Sum(t => t.Created);

    public void Print(TextWriter output)
    {
        output.WriteLine($"Seed loaded in {Elapsed.TotalSeconds:F0} s: {CreatedTotal} created, {Tallies.Sum(t => t.Found)} already there.");
        foreach (var tally in Tallies)
        {
            output.WriteLine($"  {tally.Name,-28} {tally.Created,4} created {tally.Found,4} already there");
        }

        if (RateLimitWaits > 0)
        {
            output.WriteLine($"  (waited {RateLimitWaits} times for the gateway's rate limits)");
        }

        foreach (var warning in Warnings)
        {
            output.WriteLine($"  warning: {warning}");
        }
    }
}

/// <summary>One kind of thing the seed loads: how many it created, and how many were already there.</summary>
internal sealed class Tally(string name)
{
    private int created;
    private int found;

    public string Name { get; } = name;

    public int Created => created;

    public int Found => found;

    public int Total => created + found;

    public void Count(bool wasCreated) => Interlocked.Increment(ref wasCreated ? ref created : ref found);
}
