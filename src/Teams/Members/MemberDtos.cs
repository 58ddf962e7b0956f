using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.People;
using Alliance.Teams.Teams;

namespace Alliance.Teams.Members;

/// <summary>The leader invites a verified volunteer, named by id.</summary>
internal sealed record InviteRequest([RequiredField] Guid? VolunteerId);

/// <summary>The leader makes a member a deputy (or a member again), or puts them in a sub-squad; a field left out stays.</summary>
internal sealed record UpdateMemberRequest(MemberRole? Role, Guid? SquadId, bool? LeaveSquad);

internal sealed record CreateSquadRequest([RequiredField] string? Name);

/// <summary>Why the leader (or a deputy) removes a member; kept in Teams, never put in an event.</summary>
internal sealed record RemoveMemberRequest([RequiredField] string? Reason);

/// <summary>The leader hands the team to this member.</summary>
internal sealed record HandoverRequest([RequiredField] Guid? VolunteerId);

/// <summary>One of the caller's teams, with the caller's place in it.</summary>
internal sealed record MyTeamResponse(TeamResponse Team, MemberRole Role, Guid? SquadId, DateTimeOffset JoinedAt)
{
    public static MyTeamResponse From(Team team, TeamMember member, NameBook? names = null) =>
        new(TeamResponse.From(team, names: names), member.Role, member.SquadId, member.JoinedAt);
}

/// <summary>A member; <c>volunteerName</c> is their display name in lists (null where Identity did not answer).</summary>
internal sealed record MemberResponse(Guid VolunteerId, string? VolunteerName, MemberRole Role, Guid? SquadId, DateTimeOffset JoinedAt)
{
    public static MemberResponse From(TeamMember member, NameBook? names = null) =>
        new(member.VolunteerId, names?.NameOf(member.VolunteerId), member.Role, member.SquadId, member.JoinedAt);
}

/// <summary>
/// A request or invitation; <c>volunteerName</c> is the volunteer's display name and <c>createdBy</c> who opened it
/// (the volunteer for a request, the inviting leader or deputy for an invitation), each named in lists.
/// </summary>
internal sealed record MembershipResponse(
    Guid Id, Guid TeamId, Guid VolunteerId, string? VolunteerName, MembershipKind Kind, MembershipStatus Status, Guid CreatedBy, string? CreatedByName,
    DateTimeOffset CreatedAt)
{
    public static MembershipResponse From(Membership m) => From(m, null);

    public static MembershipResponse From(Membership m, NameBook? names) =>
        new(m.Id, m.TeamId, m.VolunteerId, names?.NameOf(m.VolunteerId), m.Kind, m.Status, m.CreatedBy, names?.NameOf(m.CreatedBy), m.CreatedAt);
}

internal sealed record SquadResponse(Guid Id, Guid TeamId, string Name, DateTimeOffset CreatedAt)
{
    public static SquadResponse From(Squad squad) => new(squad.Id, squad.TeamId, squad.Name, squad.CreatedAt);
}
