using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Npgsql;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// Issue 20's attack through the gateway, with real tokens: one verified volunteer alone tries to
/// turn a team of their own into certified hours and points. Every step is refused with its code,
/// no event about the activity is written, and the attacker ends with no hours and no points.
/// </summary>
public sealed class IntegrityTests(AllianceSystem system)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneVolunteerAlone_CannotMintHoursOrPoints_WithATeamOfTheirOwn()
    {
        var people = new People(system);
        using var streetAdmin = await people.StreetAdminAsync();
        var (attackerId, attacker) = await people.VerifiedVolunteerAsync(streetAdmin, "赵某");
        var teams = await system.DatabaseAsync("teamsdb");

        // Creating a team makes the attacker its leader; the team waits for an admin's approval.
        var created = await attacker.PostAsJsonAsync("/api/teams", new { name = $"自助队{Guid.NewGuid():N}"[..10], communityId = "wanda" }, Ct);
        var team = await People.IdOfAsync(created);
        Assert.Equal("unapproved", (await attacker.GetFromJsonAsync<JsonElement>($"/api/teams/{team}", Ct)).GetProperty("status").GetString());

        // An activity that "started" three months ago, or that lasts for days, is not published.
        var backDated = await attacker.PostAsJsonAsync($"/api/teams/{team}/activities", Activity(DateTimeOffset.UtcNow.AddMonths(-3), TimeSpan.FromHours(1)), Ct);
        await ProblemAssertions.AssertFieldErrorAsync(backDated, "startsAt", "in_past");
        var endless = await attacker.PostAsJsonAsync($"/api/teams/{team}/activities", Activity(DateTimeOffset.UtcNow.AddDays(1), TimeSpan.FromHours(30)), Ct);
        await ProblemAssertions.AssertFieldErrorAsync(endless, "endsAt", "too_long");

        // A real one, tomorrow for an hour; the attacker signs up and checks in. Then it is over.
        var activity = await People.IdOfAsync(await attacker.PostAsJsonAsync($"/api/teams/{team}/activities", Activity(DateTimeOffset.UtcNow.AddDays(1), TimeSpan.FromHours(1)), Ct));
        await People.OkAsync(attacker.PostAsync($"/api/teams/activities/{activity}/sign-ups", null, Ct));
        var code = (await attacker.GetFromJsonAsync<JsonElement>($"/api/teams/activities/{activity}/check-in-code", Ct)).GetProperty("code").GetString();
        await People.OkAsync(attacker.PostAsJsonAsync($"/api/teams/activities/{activity}/check-in", new { code }, Ct));
        await StoredTimes.EndActivityAsync(teams, activity);
        var ownLine = new { attendees = new[] { new { volunteerId = attackerId, hours = 1.0m, noShow = false } } };

        // Until an admin approves the team, its leader confirms no hours at all.
        var unapproved = await attacker.PostAsJsonAsync($"/api/teams/activities/{activity}/hours", ownLine, Ct);
        await ProblemAssertions.AssertProblemAsync(unapproved, HttpStatusCode.Forbidden, "team_not_approved");

        // Approved, the leader still does not vouch for their own hours.
        await People.OkAsync(streetAdmin.PostAsync($"/api/teams/{team}/approval", null, Ct));
        var own = await attacker.PostAsJsonAsync($"/api/teams/activities/{activity}/hours", ownLine, Ct);
        await ProblemAssertions.AssertProblemAsync(own, (HttpStatusCode)422, "cannot_confirm_own_hours");

        // Past the confirmation window even the street admin confirms nothing: late hours are honour hours.
        await StoredTimes.EndActivityAsync(teams, activity, TimeSpan.FromDays(15));
        var late = await streetAdmin.PostAsJsonAsync($"/api/teams/activities/{activity}/hours", ownLine, Ct);
        await ProblemAssertions.AssertProblemAsync(late, HttpStatusCode.Conflict, "confirmation_window_closed");

        // No hours of the activity reached the outbox (the sign-up's own event did), and the attacker holds no hours and no points.
        Assert.Equal(0L, await CountAsync(teams,
            "SELECT count(*) FROM outbox WHERE body::text LIKE '%' || @id || '%' AND message_type LIKE '%ServiceHours%'", activity));
        Assert.Equal(0L, await CountAsync(await system.DatabaseAsync("volunteersdb"), "SELECT count(*) FROM hours_entries WHERE volunteer_id::text = @id", attackerId));
        var account = await attacker.GetFromJsonAsync<JsonElement>($"/api/points/accounts/{attackerId}", Ct);
        Assert.Equal(0, account.GetProperty("available").GetInt64());
        var ledger = await attacker.GetFromJsonAsync<JsonElement>($"/api/points/accounts/{attackerId}/ledger", Ct);
        Assert.Empty(ledger.GetProperty("items").EnumerateArray());
    }

    private static object Activity(DateTimeOffset startsAt, TimeSpan length) => new
    {
        title = "楼道清洁",
        kindId = "cleaning",
        place = "万达社区广场",
        startsAt,
        endsAt = startsAt + length,
        capacity = 5,
        requiredSkills = Array.Empty<string>(),
        streetWide = false,
    };

    private static async Task<long> CountAsync(string database, string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id.ToString());
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
