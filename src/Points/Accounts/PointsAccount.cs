namespace Alliance.Points.Accounts;

/// <summary>
/// A volunteer's points balance: one row per account, with a CHECK that <c>available</c> never goes
/// below zero. The ledger issue moves it only together with a ledger entry.
/// </summary>
internal sealed class PointsAccount
{
    private PointsAccount()
    {
    }

    /// <summary>The volunteer's account id, the same id in every service.</summary>
    public Guid VolunteerId { get; private set; }

    public long Available { get; private set; }

    public long Reserved { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    /// <summary>An account opens with nothing in it.</summary>
    public static PointsAccount Open(Guid volunteerId, DateTimeOffset now) =>
        new() { VolunteerId = volunteerId, Available = 0, Reserved = 0, OpenedAt = now };
}
