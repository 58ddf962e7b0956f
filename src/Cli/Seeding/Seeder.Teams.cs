using System.Net;
using System.Text.Json;

namespace Alliance.Cli.Seeding;

/// <summary>Teams, their squads and members: the leader sets up, the street admin approves, the leader invites and each member accepts.</summary>
internal sealed partial class Seeder
{
    private async Task TeamAsync(SeedTeam seed, IReadOnlyDictionary<string, Person> people, Token admin, CancellationToken ct)
    {
        var leader = people[seed.Leader];
        var team = await FindTeamAsync(seed, leader.Token, ct);
        if (team is null)
        {
            var created = await api.PostAsync("/api/teams", leader.Token.Value, new
            {
                name = seed.Name,
                communityId = seed.CommunityId,
                theme = seed.Theme,
                streetWide = seed.StreetWide,
            }, Key("team", seed.Name), ct);
            team = created.Ok();
            report.Teams.Count(created.IsNew);
        }
        else
        {
            report.Teams.Count(false);
        }

        var teamId = team.Value.GetProperty("id").GetGuid();
        if (team.Value.GetProperty("leaderId").GetGuid() != leader.Id)
        {
            report.Warnings.Enqueue($"team {seed.Name} exists with another leader; its squads, members and activities were left alone");
            return;
        }

        report.TeamIds[seed.Name] = teamId;
        await ApproveAsync(seed, team.Value, admin, ct);
        var squads = await SquadsAsync(seed, teamId, leader.Token, ct);
        var members = (await ListAsync($"/api/teams/{teamId}/members", leader.Token, ct))
            .ToDictionary(m => m.GetProperty("volunteerId").GetGuid());
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(seed.AllMembers(), options, async (name, token) =>
        {
            var member = people[name];
            var joined = members.TryGetValue(member.Id, out var existing);
            if (!joined)
            {
                await JoinAsync(teamId, leader, member, token);
            }

            report.Members.Count(!joined);
            await PlaceAsync(seed, teamId, leader, member, squads, joined ? existing : null, token);
        });
        log.WriteLine($"  team {seed.Name}: {seed.AllMembers().Count() + 1} members, {seed.Squads.Count} squads");
    }

    /// <summary>
    /// The street admin, who covers every community, approves a team that still waits, so its leader and
    /// deputies may confirm hours at its activities; an approved team is left as it is.
    /// </summary>
    private async Task ApproveAsync(SeedTeam seed, JsonElement team, Token admin, CancellationToken ct)
    {
        var approved = team.GetProperty("status").GetString() == "approved";
        if (!approved)
        {
            (await api.PostAsync($"/api/teams/{team.GetProperty("id").GetGuid()}/approval", admin.Value, null, Key("approve", seed.Name), ct)).Ok();
        }

        report.Approvals.Count(!approved);
    }

    /// <summary>The team of this name in its community (or street-wide), if the street has one.</summary>
    private async Task<JsonElement?> FindTeamAsync(SeedTeam seed, Token token, CancellationToken ct)
    {
        var path = seed.StreetWide ? "/api/teams?streetWide=true" : $"/api/teams?communityId={seed.CommunityId}";
        var teams = await ListAsync(path, token, ct);
        return teams.Cast<JsonElement?>().FirstOrDefault(t => t!.Value.GetProperty("name").GetString() == seed.Name);
    }

    private async Task<Dictionary<string, Guid>> SquadsAsync(SeedTeam seed, Guid teamId, Token leader, CancellationToken ct)
    {
        var squads = (await ListAsync($"/api/teams/{teamId}/squads", leader, ct))
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("id").GetGuid(), StringComparer.Ordinal);
        foreach (var squad in seed.Squads)
        {
            var present = squads.ContainsKey(squad.Name);
            if (!present)
            {
                var created = await api.PostAsync($"/api/teams/{teamId}/squads", leader.Value, new { name = squad.Name }, Key("squad", seed.Name, squad.Name), ct);
                squads[squad.Name] = created.Ok().GetProperty("id").GetGuid();
            }

            report.Squads.Count(!present);
        }

        return squads;
    }

    /// <summary>The leader invites and the member accepts; an invitation left pending by an interrupted load is accepted now.</summary>
    private async Task JoinAsync(Guid teamId, Person leader, Person member, CancellationToken ct)
    {
        var invited = await api.PostAsync($"/api/teams/{teamId}/invitations", leader.Token.Value, new { volunteerId = member.Id }, Key("invite", teamId.ToString(), member.Id.ToString()), ct);
        Guid invitation;
        if (invited.IsSuccess)
        {
            invitation = invited.Ok().GetProperty("id").GetGuid();
        }
        else if (invited.Is(HttpStatusCode.Conflict, "membership_pending"))
        {
            var pending = (await ListAsync($"/api/teams/{teamId}/join-requests", leader.Token, ct))
                .First(m => m.GetProperty("volunteerId").GetGuid() == member.Id);
            invitation = pending.GetProperty("id").GetGuid();
            if (pending.GetProperty("kind").GetString() == "request")
            {
                (await api.PostAsync($"/api/teams/{teamId}/join-requests/{invitation}/approval", leader.Token.Value, null, null, ct)).Ok();
                return;
            }
        }
        else
        {
            throw invited.Unexpected();
        }

        var accepted = await api.PostAsync($"/api/teams/{teamId}/invitations/{invitation}/acceptance", member.Token.Value, null, null, ct);
        if (!accepted.IsSuccess && !accepted.Is(HttpStatusCode.Conflict, "already_team_member"))
        {
            throw accepted.Unexpected();
        }
    }

    /// <summary>Makes the member a deputy and puts them in their squad, where the file says so and the team does not have it yet.</summary>
    private async Task PlaceAsync(
        SeedTeam seed, Guid teamId, Person leader, Person member, Dictionary<string, Guid> squads, JsonElement? current, CancellationToken ct)
    {
        var role = seed.Deputies.Contains(member.Seed.Name) ? "deputy" : "member";
        Guid? squad = seed.SquadOf(member.Seed.Name) is { } squadName ? squads[squadName] : null;
        if (role == "member" && squad is null)
        {
            return;
        }

        var currentRole = current?.GetProperty("role").GetString() ?? "member";
        var currentSquad = current?.GetProperty("squadId") is { ValueKind: JsonValueKind.String } id ? id.GetGuid() : (Guid?)null;
        var placed = currentRole == role && currentSquad == squad;
        if (!placed)
        {
            (await api.PatchAsync($"/api/teams/{teamId}/members/{member.Id}", leader.Token.Value, new { role, squadId = squad }, ct)).Ok();
        }

        report.Placements.Count(!placed);
    }

    /// <summary>Every item of a keyset-paged list.</summary>
    private async Task<List<JsonElement>> ListAsync(string path, Token token, CancellationToken ct)
    {
        var items = new List<JsonElement>();
        string? after = null;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var page = (await api.GetAsync($"{path}{separator}limit=100{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}", token.Value, ct)).Ok();
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Clone()));
            after = page.GetProperty("next").GetString();
        }
        while (after is not null);

        return items;
    }
}
