namespace Alliance.Teams.Members;

/// <summary>The record of a member removed from a team: by whom, when and why (the reason stays here, out of events).</summary>
internal sealed class MemberRemoval
{
    public const int MaxReasonLength = 500;

    private MemberRemoval()
    {
    }

    public Guid Id { get; private set; }

    public Guid TeamId { get; private set; }

    public Guid VolunteerId { get; private set; }

    public Guid RemovedBy { get; private set; }

    public string Reason { get; private set; } = "";

    public DateTimeOffset RemovedAt { get; private set; }

    public static MemberRemoval Of(TeamMember member, Guid by, string reason, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), TeamId = member.TeamId, VolunteerId = member.VolunteerId, RemovedBy = by, Reason = reason.Trim(), RemovedAt = now };
}
