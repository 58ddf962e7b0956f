using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Alliance.Cli.Seeding;

/// <summary>
/// Loads the demo street through the gateway's public API, as its people would: each volunteer signs
/// up (or logs in), registers and is verified by the street admin; leaders set up their teams, which
/// the street admin approves, and squads, and invite their members, who accept; leaders publish the
/// month's activities. Everything is looked up before it is made (a person by mobile, a team by name,
/// an activity by team and title), and POSTs carry keys derived from what they make, so a second
/// load creates nothing.
/// </summary>
internal sealed partial class Seeder(HttpClient gateway, string adminMobile, string adminPassword, string volunteerPassword, TextWriter? log = null)
{
    private const string VolunteerRole = "volunteer";
    private readonly GatewayClient api = new(gateway);
    private readonly TextWriter log = log ?? TextWriter.Null;
    private readonly SeedReport report = new();
    private volatile bool accountsExist;

    public SeedFile File { get; init; } = SeedFile.Demo;

    /// <summary>Volunteers set up at once: a few, so the gateway's limits and two cores are not swamped.</summary>
    public int Parallelism { get; init; } = 4;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>True when the street has no team at all: then a fresh system may be seeded.</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken ct)
    {
        var admin = await StreetAdminAsync(ct);
        var page = (await api.GetAsync("/api/teams?limit=1", admin.Value, ct)).Ok();
        return page.GetProperty("items").GetArrayLength() == 0;
    }

    public async Task<SeedReport> RunAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var admin = await StreetAdminAsync(ct);
        var people = await VolunteersAsync(admin, ct);
        foreach (var team in File.Teams)
        {
            await TeamAsync(team, people, admin, ct);
        }

        await ActivitiesAsync(people, ct);
        await NeedsAsync(ct);
        await MerchantsAsync(admin, ct);
        report.RateLimitWaits = api.RateLimitWaits;
        report.Elapsed = clock.Elapsed;
        return report;
    }

    private async Task<Token> StreetAdminAsync(CancellationToken ct) =>
        await LogInAsync(adminMobile, adminPassword, ct)
        ?? throw new SeedException("The street admin could not log in: check the mobile and password (./alliance keeps them in .alliance/secrets.env).");

    private async Task<Dictionary<string, Person>> VolunteersAsync(Token admin, CancellationToken ct)
    {
        log.WriteLine($"Volunteers: {File.Volunteers.Count}, {Parallelism} at a time");
        var people = new System.Collections.Concurrent.ConcurrentDictionary<string, Person>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(File.Volunteers, options, async (volunteer, token) =>
        {
            people[volunteer.Name] = await VolunteerAsync(volunteer, admin, token);
            if (people.Count % 10 == 0)
            {
                log.WriteLine($"  {people.Count}/{File.Volunteers.Count} volunteers ready");
            }
        });

        // Leaders set up teams, which takes the volunteer role in their token; it follows the verification by event.
        foreach (var leader in File.Teams.Select(t => t.Leader).Distinct(StringComparer.Ordinal))
        {
            people[leader] = await WithVolunteerRoleAsync(people[leader], ct);
        }

        return new Dictionary<string, Person>(people, StringComparer.Ordinal);
    }

    private async Task<Person> VolunteerAsync(SeedVolunteer volunteer, Token admin, CancellationToken ct)
    {
        var mobile = SeedIdentities.Mobile(volunteer.No);
        var token = await AccountAsync(volunteer.Name, mobile, report.Accounts, ct);
        report.VolunteerIds[volunteer.Name] = token.Subject;

        var registered = await api.PostAsync("/api/volunteers", token.Value, Registration(volunteer), Key("register", mobile), ct);
        // A replayed answer means an earlier load registered them: read the status it has now.
        var isNew = registered.IsNew;
        if (!registered.IsSuccess && !registered.Is(HttpStatusCode.Conflict, "volunteer_already_registered"))
        {
            throw registered.Unexpected();
        }

        report.Volunteers.Count(isNew);
        var status = isNew ? "pending" : (await api.GetAsync($"/api/volunteers/{token.Subject}", admin.Value, ct)).Ok().GetProperty("status").GetString();
        if (status == "pending")
        {
            var verified = await api.PostAsync($"/api/volunteers/{token.Subject}/verification", admin.Value, null, Key("verify", mobile), ct);
            if (!verified.IsSuccess && !verified.Is(HttpStatusCode.Conflict, "volunteer_not_pending"))
            {
                throw verified.Unexpected();
            }

            report.Verified.Count(verified.IsNew);
        }
        else if (status == "active")
        {
            report.Verified.Count(false);
        }
        else
        {
            report.Warnings.Enqueue($"volunteer {volunteer.Name} is {status}, so not verified again; their teams may refuse them");
        }

        return new Person(volunteer, token);
    }

    /// <summary>
    /// Signs up, or logs in when the mobile is taken. Once one account turns out to exist, the rest
    /// probably do too: then it logs in first, which spares a call against the credentials limit.
    /// </summary>
    private async Task<Token> AccountAsync(string name, string mobile, Tally tally, CancellationToken ct)
    {
        if (accountsExist && await LogInAsync(mobile, volunteerPassword, ct) is { } existing)
        {
            tally.Count(false);
            return existing;
        }

        var signUp = await api.PostAsync("/api/identity/accounts", null, new { mobile, password = volunteerPassword, displayName = name }, null, ct);
        var isNew = signUp.Status == HttpStatusCode.Created;
        if (!isNew && !signUp.Is(HttpStatusCode.Conflict, "mobile_already_registered"))
        {
            throw signUp.Unexpected();
        }

        accountsExist |= !isNew;
        tally.Count(isNew);
        return await LogInAsync(mobile, volunteerPassword, ct)
            ?? throw new SeedException($"{name} ({mobile}) has an account the seed password does not open: was the seed password changed since the last load?");
    }

    private async Task<Person> WithVolunteerRoleAsync(Person person, CancellationToken ct)
    {
        var mobile = SeedIdentities.Mobile(person.Seed.No);
        for (var attempt = 0; !person.Token.Roles.Contains(VolunteerRole); attempt++)
        {
            if (attempt == 50)
            {
                throw new SeedException($"{person.Seed.Name}'s token did not carry the volunteer role 25 s after verification: is RabbitMQ delivering VolunteerVerified to Identity?");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            person = person with { Token = await LogInAsync(mobile, volunteerPassword, ct) ?? person.Token };
        }

        return person;
    }

    /// <summary>The password grant at the public token endpoint; null when the mobile and password do not match.</summary>
    private async Task<Token?> LogInAsync(string mobile, string password, CancellationToken ct)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = mobile, ["password"] = password, ["scope"] = "alliance-api" };
        var answer = await api.PostFormAsync("/api/identity/connect/token", form, ct);
        if (answer.Is(HttpStatusCode.BadRequest, "invalid_grant"))
        {
            return null;
        }

        return Token.Of(answer.Ok().GetProperty("access_token").GetString()!);
    }

    private static object Registration(SeedVolunteer v) => new
    {
        name = v.Name,
        idCardNumber = SeedIdentities.IdCard(v.No, v.Born),
        communityId = v.CommunityId,
        gridId = v.GridId,
        building = v.Building,
        skills = v.Skills,
        availability = v.Availability.Select(s => new { day = s.Day, from = s.From, to = s.To }),
        partyMember = v.PartyMember,
        emergencyContact = new { name = v.EmergencyContact.Name, relation = v.EmergencyContact.Relation, mobile = SeedIdentities.EmergencyMobile(v.No) },
    };

    /// <summary>An Idempotency-Key named by what the call makes (visible ASCII, whatever the names).</summary>
    private static string Key(params string[] parts) =>
        "seed-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', parts))))[..40];

    private sealed record Person(SeedVolunteer Seed, Token Token)
    {
        public Guid Id => Token.Subject;
    }

    /// <summary>An access token with the claims the seed needs, read from its payload (the services check its signature).</summary>
    private sealed record Token(string Value, Guid Subject, IReadOnlyList<string> Roles, IReadOnlyList<string> MerchantIds)
    {
        public static Token Of(string jwt)
        {
            var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
            var claims = JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '='))).RootElement;
            var roles = !claims.TryGetProperty("role", out var role) ? []
                : role.ValueKind == JsonValueKind.Array ? role.EnumerateArray().Select(r => r.GetString()!).ToList()
                : [role.GetString()!];
            var merchants = !claims.TryGetProperty("merchant_id", out var merchant) ? []
                : merchant.ValueKind == JsonValueKind.Array ? merchant.EnumerateArray().Select(m => m.GetString()!).ToList()
                : [merchant.GetString()!];
            return new Token(jwt, claims.GetProperty("sub").GetGuid(), roles, merchants);
        }
    }
}
