using System.Globalization;
using System.Text.Json;
using Alliance.Contracts.Reference;

namespace Alliance.Cli.Seeding;

/// <summary>
/// The demo street of <c>seeds/demo/alliance.json</c> (embedded at build time): volunteers, teams with
/// their leaders, deputies, squads and members, a month of activities, and residents with their needs. People and teams are named
/// by their Chinese names; activities are dated in days from the day the seed is loaded.
/// </summary>
internal sealed record SeedFile(
    int Version, IReadOnlyList<SeedVolunteer> Volunteers, IReadOnlyList<SeedTeam> Teams, IReadOnlyList<SeedActivity> Activities,
    IReadOnlyList<SeedResident> Residents, IReadOnlyList<SeedNeed> Needs)
{
    public static SeedFile Demo { get; } = Load();

    public SeedVolunteer Volunteer(string name) => Volunteers.Single(v => v.Name == name);

    private static SeedFile Load()
    {
        using var stream = typeof(SeedFile).Assembly.GetManifestResourceStream("Alliance.Seeds.Demo.json")
            ?? throw new InvalidOperationException("seeds/demo/alliance.json is not embedded in Alliance.Cli.");
        var file = JsonSerializer.Deserialize<SeedFile>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("seeds/demo/alliance.json is empty.");
        var errors = file.Check();
        return errors.Count == 0 ? file : throw new InvalidOperationException($"seeds/demo/alliance.json: {string.Join("; ", errors)}");
    }

    /// <summary>What the services would refuse, found before any call: unknown ids, duplicates, members who are not in the file.</summary>
    public IReadOnlyList<string> Check()
    {
        var reference = ReferenceData.Current;
        var errors = new List<string>();
        var names = Volunteers.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        Duplicates(Volunteers.Select(v => v.Name), "volunteer name", errors);
        Duplicates(Volunteers.Select(v => v.No.ToString(CultureInfo.InvariantCulture)), "volunteer no", errors);
        Duplicates(Teams.Select(t => t.Name), "team name", errors);
        Duplicates(Activities.Select(a => $"{a.Team}/{a.Title}"), "activity (team, title)", errors);
        foreach (var v in Volunteers)
        {
            Require(v.No is >= 1 and <= 99, $"volunteer {v.Name}: no must be 1 to 99", errors);
            Require(reference.IsGridOf(v.GridId, v.CommunityId) && reference.IsBuildingOf(v.Building, v.GridId), $"volunteer {v.Name}: unknown community, grid or building", errors);
            Require(v.Skills.All(reference.IsKind), $"volunteer {v.Name}: unknown skill", errors);
        }

        foreach (var t in Teams)
        {
            Require(t.StreetWide == (t.CommunityId is null) && (t.StreetWide || reference.IsCommunity(t.CommunityId)), $"team {t.Name}: a known community or street-wide", errors);
            var people = t.AllMembers().Append(t.Leader).ToList();
            Require(people.All(names.Contains), $"team {t.Name}: a leader or member who is not among the volunteers", errors);
            Require(t.Deputies.All(t.AllMembers().Contains), $"team {t.Name}: a deputy who is not a member", errors);
            Require(!t.AllMembers().Contains(t.Leader), $"team {t.Name}: the leader is listed as a member", errors);
            Duplicates(t.Squads.Select(s => s.Name), $"squad of {t.Name}", errors);
            Duplicates(t.Squads.SelectMany(s => s.Members), $"squad member of {t.Name}", errors);
        }

        foreach (var a in Activities)
        {
            Require(Teams.Any(t => t.Name == a.Team), $"activity {a.Title}: unknown team", errors);
            Require(reference.IsCommunity(a.CommunityId) && reference.IsKind(a.KindId) && a.RequiredSkills.All(reference.IsKind), $"activity {a.Title}: unknown community or kind", errors);
            Require(a.Day is >= 1 and <= 31 && a.EndTime > a.StartTime, $"activity {a.Title}: a day in the coming month, ending after it starts", errors);
        }

        Duplicates(Residents.Select(r => r.Name), "resident name", errors);
        Duplicates(Residents.Select(r => r.No.ToString(CultureInfo.InvariantCulture)), "resident no", errors);
        Duplicates(Needs.Select(n => $"{n.Resident}/{n.Title}"), "need (resident, title)", errors);
        foreach (var r in Residents)
        {
            Require(r.No is >= 1 and <= 99, $"resident {r.Name}: no must be 1 to 99", errors);
            Require(reference.IsGridOf(r.GridId, r.CommunityId) && reference.IsBuildingOf(r.Building, r.GridId), $"resident {r.Name}: unknown community, grid or building", errors);
        }

        foreach (var n in Needs)
        {
            Require(Residents.Any(r => r.Name == n.Resident), $"need {n.Title}: unknown resident", errors);
            Require(reference.IsKind(n.KindId) && n.RequiredSkills.All(reference.IsKind), $"need {n.Title}: unknown kind or skill", errors);
            Require(n.FromDay >= 1 && n.UntilDay > n.FromDay && n.HelpersNeeded is >= 1 and <= 50, $"need {n.Title}: a window in the days ahead and 1 to 50 helpers", errors);
            Require((n.KindId == "micro_wish") == (n.Wish is not null), $"need {n.Title}: a wish exactly for a micro-wish", errors);
        }

        return errors;
    }

    private static void Require(bool condition, string error, List<string> errors)
    {
        if (!condition)
        {
            errors.Add(error);
        }
    }

    private static void Duplicates(IEnumerable<string> values, string what, List<string> errors) =>
        errors.AddRange(values.GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"duplicate {what} {g.Key}"));
}

/// <summary>A volunteer; <see cref="No"/> fixes their mobile and ID card number (<see cref="SeedIdentities"/>).</summary>
internal sealed record SeedVolunteer(
    int No, string Name, DateOnly Born, string CommunityId, string GridId, string Building, IReadOnlyList<string> Skills, bool PartyMember,
    IReadOnlyList<SeedSlot> Availability, SeedContact EmergencyContact);

internal sealed record SeedSlot(string Day, string From, string To);

internal sealed record SeedContact(string Name, string Relation);

/// <summary>A team: home community or street-wide; members named outside squads and inside them.</summary>
internal sealed record SeedTeam(
    string Name, string Theme, string? CommunityId, bool StreetWide, string Leader, IReadOnlyList<string> Deputies, IReadOnlyList<SeedSquad> Squads,
    IReadOnlyList<string> Members)
{
    public IEnumerable<string> AllMembers() => Members.Concat(Squads.SelectMany(s => s.Members)).Distinct(StringComparer.Ordinal);

    public string? SquadOf(string member) => Squads.FirstOrDefault(s => s.Members.Contains(member))?.Name;
}

internal sealed record SeedSquad(string Name, IReadOnlyList<string> Members);

/// <summary>An activity <see cref="Day"/> days after the seed is loaded, from <see cref="Starts"/> to <see cref="Ends"/> in Asia/Shanghai.</summary>
internal sealed record SeedActivity(
    string Team, string Title, string KindId, string Place, string CommunityId, int Day, string Starts, string Ends, int Capacity,
    IReadOnlyList<string> RequiredSkills)
{
    public TimeOnly StartTime => TimeOnly.ParseExact(Starts, "HH:mm", CultureInfo.InvariantCulture);

    public TimeOnly EndTime => TimeOnly.ParseExact(Ends, "HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>A resident who posts needs; <see cref="No"/> fixes their mobile (<see cref="SeedIdentities.ResidentMobile"/>).</summary>
internal sealed record SeedResident(int No, string Name, string CommunityId, string GridId, string Building);

/// <summary>A need a resident posts, wanted from <see cref="FromDay"/> to <see cref="UntilDay"/> days after the load (08:00 to 20:00, Asia/Shanghai).</summary>
internal sealed record SeedNeed(
    string Resident, string Title, string Description, string KindId, string Urgency, int FromDay, int UntilDay, int HelpersNeeded,
    IReadOnlyList<string> RequiredSkills, string Address, string? Wish);
