namespace Alliance.Teams.Members;

internal enum MemberRole
{
    Member,
    Deputy,
    Leader,
}

/// <summary>A volunteer's membership of a team, with their role and sub-squad.</summary>
internal sealed class TeamMember
{
    public TeamMember(Guid teamId, Guid volunteerId, MemberRole role, DateTimeOffset joinedAt)
    {
        TeamId = teamId;
        VolunteerId = volunteerId;
        Role = role;
        JoinedAt = joinedAt;
    }

    public Guid TeamId { get; private set; }

    public Guid VolunteerId { get; private set; }

    public MemberRole Role { get; private set; }

    public Guid? SquadId { get; private set; }

    public DateTimeOffset JoinedAt { get; private set; }

    /// <summary>The leader makes a member a deputy or a member again; the leader's own role is not changed here.</summary>
    public bool SetRole(MemberRole role)
    {
        if (Role == MemberRole.Leader || role == MemberRole.Leader)
        {
            return false;
        }

        Role = role;
        return true;
    }

    public void AssignSquad(Guid? squadId) => SquadId = squadId;

    /// <summary>Only <see cref="Teams.Team.HandOver"/> moves the leader's role, so a team always has one leader.</summary>
    internal void TakeRole(MemberRole role) => Role = role;
}

/// <summary>A sub-squad of a team (the housekeeper team's six, the party-member team's eight).</summary>
internal sealed class Squad
{
    public const int MaxNameLength = 50;

    public Squad(Guid id, Guid teamId, string name, DateTimeOffset createdAt)
    {
        Id = id;
        TeamId = teamId;
        Name = name;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid TeamId { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
