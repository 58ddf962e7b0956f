using Alliance.Contracts.Needs;

namespace Alliance.Teams.Figures;

/// <summary>A need a team served, from Needs' <see cref="NeedConfirmed"/>: counted once per need, with its helpers' hours.</summary>
internal sealed class ServedNeed
{
    private ServedNeed()
    {
    }

    public Guid NeedId { get; private set; }

    public Guid TeamId { get; private set; }

    public string KindId { get; private set; } = "";

    public decimal HelperHours { get; private set; }

    public DateTimeOffset ConfirmedAt { get; private set; }

    /// <summary>
    /// The need as a team's service, or null when no team served it: a volunteer's own claim, or a
    /// merchant's (merchant work is not volunteer service, docs/domain.md).
    /// </summary>
    public static ServedNeed? From(NeedConfirmed confirmed) =>
        confirmed is { TeamId: { } teamId } && confirmed.ClaimantKind != ClaimantKind.Merchant
            ? new ServedNeed
            {
                NeedId = confirmed.NeedId,
                TeamId = teamId,
                KindId = confirmed.KindId,
                HelperHours = (confirmed.Helpers ?? []).Sum(h => h.Hours),
                ConfirmedAt = confirmed.ConfirmedAt.ToUniversalTime(),
            }
            : null;
}
