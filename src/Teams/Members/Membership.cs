namespace Alliance.Teams.Members;

internal enum MembershipKind
{
    Request,
    Invitation,
}

internal enum MembershipStatus
{
    Pending,
    Accepted,
    Declined,
}

/// <summary>
/// A way into a team: a volunteer's request that the leader (or a deputy) approves, or the leader's
/// invitation that the volunteer accepts. Only a pending one may be decided, once.
/// </summary>
internal sealed class Membership
{
    private Membership()
    {
    }

    public Guid Id { get; private set; }

    public Guid TeamId { get; private set; }

    public Guid VolunteerId { get; private set; }

    public MembershipKind Kind { get; private set; }

    public MembershipStatus Status { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public Guid? DecidedBy { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public static Membership Open(Guid teamId, Guid volunteerId, MembershipKind kind, Guid createdBy, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), TeamId = teamId, VolunteerId = volunteerId, Kind = kind, Status = MembershipStatus.Pending, CreatedBy = createdBy, CreatedAt = now };

    public bool Decide(bool accept, Guid by, DateTimeOffset now)
    {
        if (Status != MembershipStatus.Pending)
        {
            return false;
        }

        Status = accept ? MembershipStatus.Accepted : MembershipStatus.Declined;
        DecidedBy = by;
        DecidedAt = now;
        return true;
    }
}
