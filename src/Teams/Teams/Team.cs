using Alliance.Contracts.Reference;
using Alliance.ServiceDefaults.Problems;
using Alliance.Teams.Members;

namespace Alliance.Teams.Teams;

/// <summary>A volunteer team of a community, or of the whole street, with its leader, deputies, members and sub-squads.</summary>
internal sealed class Team
{
    public const int MaxNameLength = 50;
    public const string UniqueNameIndex = "ux_teams_community_name";

    private Team()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The account id of the team's leader; leading is Teams' fact, not a token role.</summary>
    public Guid LeaderId { get; private set; }

    /// <summary>The home community; null for a street-wide team.</summary>
    public string? CommunityId { get; private set; }

    public bool StreetWide => CommunityId is null;

    public TeamTheme Theme { get; private set; }

    public TeamStatus Status { get; private set; }

    public bool IsApproved => Status == TeamStatus.Approved;

    /// <summary>The admin who approved the team; null while it waits, and for teams that existed before approvals (approved by no one).</summary>
    public Guid? ApprovedBy { get; private set; }

    /// <summary>When it was approved; null as <see cref="ApprovedBy"/>.</summary>
    public DateTimeOffset? ApprovedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public List<TeamMember> Members { get; private set; } = [];

    public static FieldErrors Check(string? name, string? communityId, bool streetWide)
    {
        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(name), "name", "required"))
        {
            errors.Check(name!.Trim().Length <= MaxNameLength, "name", "too_long");
        }

        if (streetWide)
        {
            errors.Check(communityId is null, "communityId", "not_with_street_wide");
        }
        else if (errors.Check(!string.IsNullOrWhiteSpace(communityId), "communityId", "required"))
        {
            errors.Check(ReferenceData.Current.IsCommunity(communityId), "communityId", "unknown_community");
        }

        return errors;
    }

    /// <summary>A new team; its leader is its first member.</summary>
    public static Team Create(Guid leaderId, string name, string? communityId, TeamTheme theme, DateTimeOffset now)
    {
        if (!Check(name, communityId, communityId is null).IsEmpty)
        {
            throw new ArgumentException("A team must be checked before it is created.", nameof(name));
        }

        var team = new Team
        {
            Id = Guid.CreateVersion7(now),
            LeaderId = leaderId,
            Name = name.Trim(),
            CommunityId = communityId,
            Theme = theme,
            Status = TeamStatus.Unapproved,
            CreatedAt = now,
        };
        team.Members.Add(new TeamMember(team.Id, leaderId, MemberRole.Leader, now));
        return team;
    }

    public bool IsLedBy(Guid? accountId) => accountId == LeaderId;

    /// <summary>An admin covering the team's community approves it; a second approval changes nothing. Returns whether it changed.</summary>
    public bool Approve(Guid by, DateTimeOffset now)
    {
        if (IsApproved)
        {
            return false;
        }

        (Status, ApprovedBy, ApprovedAt) = (TeamStatus.Approved, by, now);
        return true;
    }

    /// <summary>
    /// Where the team's activity may be held: its home community, or any community for a street-wide
    /// team. Its hours are credited there and that community's admins vouch for them, so a leader may
    /// not pick another community's admins.
    /// </summary>
    public void CheckActivityCommunity(string? communityId, FieldErrors errors)
    {
        if (errors.Check(communityId is not null, "communityId", "required"))
        {
            errors.Check(StreetWide || communityId == CommunityId, "communityId", "not_team_community");
        }
    }

    /// <summary>The leader or a deputy; needs the deputies loaded.</summary>
    public bool IsManagedBy(Guid? accountId) =>
        IsLedBy(accountId) || Members.Any(m => m.VolunteerId == accountId && m.Role == MemberRole.Deputy);

    /// <summary>
    /// The leader hands the team to another member, who becomes its leader; the outgoing leader stays
    /// as a deputy (the new leader may make them a member). Needs both members.
    /// </summary>
    public HandoverResult HandOver(TeamMember outgoing, TeamMember incoming)
    {
        if (outgoing.TeamId != Id || incoming.TeamId != Id || outgoing.VolunteerId != LeaderId)
        {
            throw new ArgumentException("Both must be members of this team, the outgoing one its leader.", nameof(outgoing));
        }

        if (incoming.VolunteerId == LeaderId)
        {
            return HandoverResult.AlreadyLeader;
        }

        LeaderId = incoming.VolunteerId;
        incoming.TakeRole(MemberRole.Leader);
        outgoing.TakeRole(MemberRole.Deputy);
        return HandoverResult.HandedOver;
    }

    /// <summary>Who leads when the leader is gone for good: the longest-serving deputy, if there is one. Needs the deputies loaded.</summary>
    public TeamMember? Successor() =>
        Members.Where(m => m.Role == MemberRole.Deputy).OrderBy(m => m.JoinedAt).ThenBy(m => m.VolunteerId).FirstOrDefault();

    /// <summary>
    /// Whether a manager may remove this member: the leader removes deputies and members, a deputy
    /// only members; no one removes the leader, who must hand over first. Needs the deputies loaded.
    /// </summary>
    public RemovalResult CheckRemoval(Guid by, TeamMember member)
    {
        if (member.Role == MemberRole.Leader)
        {
            return RemovalResult.LeaderCannotBeRemoved;
        }

        return IsLedBy(by) || (IsManagedBy(by) && member.Role == MemberRole.Member) ? RemovalResult.Allowed : RemovalResult.NotAllowed;
    }

    /// <summary>The leader renames the team or changes its squad colour.</summary>
    public FieldErrors Update(string? name, TeamTheme? theme)
    {
        var errors = new FieldErrors();
        if (name is not null && errors.Check(!string.IsNullOrWhiteSpace(name), "name", "required"))
        {
            errors.Check(name.Trim().Length <= MaxNameLength, "name", "too_long");
        }

        if (errors.IsEmpty)
        {
            Name = name?.Trim() ?? Name;
            Theme = theme ?? Theme;
        }

        return errors;
    }
}
