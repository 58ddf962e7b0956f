using Alliance.Contracts.Reference;
using Alliance.Contracts.Time;
using Alliance.ServiceDefaults.Problems;

namespace Alliance.Merchants.Offers;

internal enum OfferKind
{
    /// <summary>公益: free, booked by residents.</summary>
    PublicBenefit,

    /// <summary>低偿: a token price in fen, booked by residents, paid at the counter.</summary>
    LowCost,

    /// <summary>A reward volunteers redeem with points.</summary>
    PointsReward,
}

internal enum QuotaPeriod
{
    Day,
    Week,
    Month,
}

internal static class QuotaPeriods
{
    /// <summary>The first day of the quota period that holds <paramref name="day"/> (Asia/Shanghai): the day, its week (from Monday) or its month.</summary>
    public static DateOnly Start(QuotaPeriod period, DateOnly day) => period switch
    {
        QuotaPeriod.Day => day,
        QuotaPeriod.Week => Alliance.Contracts.Time.Shanghai.WeekStart(day),
        QuotaPeriod.Month => Alliance.Contracts.Time.Shanghai.MonthStart(day),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };
}

internal enum OfferStatus
{
    Active,
    Withdrawn,
}

/// <summary>What a caller must be to take an offer. Age and community are declared by the caller and checked at the counter.</summary>
internal sealed record Eligibility(bool Aged60OrOver = false, bool VerifiedVolunteersOnly = false, string? CommunityId = null);

/// <summary>An offer of a verified merchant: valid on calendar days (Asia/Shanghai), with a quota per period.</summary>
internal sealed class Offer
{
    public const int MaxTitleLength = 100;
    public const int MaxDescriptionLength = 1000;

    private Offer()
    {
    }

    public Guid Id { get; private set; }

    public Guid MerchantId { get; private set; }

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public OfferKind Kind { get; private set; }

    /// <summary>For a low-cost offer, the token price in fen; null otherwise.</summary>
    public int? PriceFen { get; private set; }

    /// <summary>For a points reward, its cost in points; null otherwise.</summary>
    public int? PointsCost { get; private set; }

    public DateOnly ValidFrom { get; private set; }

    public DateOnly ValidUntil { get; private set; }

    public int Quota { get; private set; }

    public QuotaPeriod QuotaPeriod { get; private set; }

    public bool Aged60OrOver { get; private set; }

    public bool VerifiedVolunteersOnly { get; private set; }

    public string? EligibleCommunityId { get; private set; }

    public OfferStatus Status { get; private set; }

    public DateTimeOffset PublishedAt { get; private set; }

    public Guid? PublishedBy { get; private set; }

    public Eligibility Eligibility => new(Aged60OrOver, VerifiedVolunteersOnly, EligibleCommunityId);

    public static FieldErrors Check(
        string? title, string? description, OfferKind? kind, int? priceFen, int? pointsCost,
        DateOnly? validFrom, DateOnly? validUntil, int? quota, QuotaPeriod? period, Eligibility? eligibility)
    {
        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(title), "title", "required"))
        {
            errors.Check(title!.Trim().Length <= MaxTitleLength, "title", "too_long");
        }

        errors.Check(description is null || description.Trim().Length <= MaxDescriptionLength, "description", "too_long");
        errors.Check(priceFen is null or >= 0, "priceFen", "negative");
        errors.Check(pointsCost is null or >= 0, "pointsCost", "negative");
        if (errors.Check(kind is not null, "kind", "required"))
        {
            switch (kind)
            {
                case OfferKind.PublicBenefit:
                    errors.Check(priceFen is null or 0, "priceFen", "must_be_free");
                    errors.Check(pointsCost is null or 0, "pointsCost", "not_a_points_reward");
                    break;
                case OfferKind.LowCost:
                    errors.Check(priceFen is not (null or 0), "priceFen", "required");
                    errors.Check(pointsCost is null or 0, "pointsCost", "not_a_points_reward");
                    break;
                case OfferKind.PointsReward:
                    errors.Check(pointsCost is not (null or 0), "pointsCost", "required");
                    errors.Check(priceFen is null or 0, "priceFen", "not_low_cost");
                    break;
            }
        }

        errors.Check(validFrom is not null, "validFrom", "required");
        if (errors.Check(validUntil is not null, "validUntil", "required") && validFrom is not null)
        {
            errors.Check(validUntil >= validFrom, "validUntil", "before_valid_from");
        }

        errors.Check(quota is > 0, "quota", "must_be_positive");
        errors.Check(period is not null, "quotaPeriod", "required");
        errors.Check(eligibility?.CommunityId is null || ReferenceData.Current.IsCommunity(eligibility.CommunityId), "eligibility.communityId", "unknown_community");
        return errors;
    }

    public static Offer Publish(
        Guid merchantId, Guid? publishedBy, string title, string? description, OfferKind kind, int? priceFen, int? pointsCost,
        DateOnly validFrom, DateOnly validUntil, int quota, QuotaPeriod period, Eligibility? eligibility, DateTimeOffset now)
    {
        if (!Check(title, description, kind, priceFen, pointsCost, validFrom, validUntil, quota, period, eligibility).IsEmpty)
        {
            throw new ArgumentException("An offer must be checked before it is published.", nameof(title));
        }

        eligibility ??= new Eligibility();
        return new Offer
        {
            Id = Guid.CreateVersion7(now),
            MerchantId = merchantId,
            PublishedBy = publishedBy,
            Title = title.Trim(),
            Description = description?.Trim() ?? "",
            Kind = kind,
            PriceFen = kind == OfferKind.LowCost ? priceFen : null,
            PointsCost = kind == OfferKind.PointsReward ? pointsCost : null,
            ValidFrom = validFrom,
            ValidUntil = validUntil,
            Quota = quota,
            QuotaPeriod = period,
            Aged60OrOver = eligibility.Aged60OrOver,
            // A points reward is for verified volunteers by its nature.
            VerifiedVolunteersOnly = eligibility.VerifiedVolunteersOnly || kind == OfferKind.PointsReward,
            EligibleCommunityId = eligibility.CommunityId,
            Status = OfferStatus.Active,
            PublishedAt = now,
        };
    }

    /// <summary>Why the offer cannot be taken today, or null: withdrawn, not yet valid, or over.</summary>
    public string? Unavailability(DateOnly today) =>
        Status == OfferStatus.Withdrawn ? OfferErrors.Withdrawn
        : today < ValidFrom ? OfferErrors.NotStarted
        : today > ValidUntil ? OfferErrors.Expired
        : null;

    /// <summary>Why this caller may not take it, or null. Age and community are the caller's declaration.</summary>
    public string? Ineligibility(bool isVolunteer, bool declaredAged60OrOver, string? declaredCommunityId) =>
        VerifiedVolunteersOnly && !isVolunteer ? OfferErrors.VolunteersOnly
        : Aged60OrOver && !declaredAged60OrOver ? OfferErrors.AgedOnly
        : EligibleCommunityId is { } community && community != declaredCommunityId ? OfferErrors.CommunityOnly
        : null;

    public bool Withdraw()
    {
        if (Status == OfferStatus.Withdrawn)
        {
            return false;
        }

        Status = OfferStatus.Withdrawn;
        return true;
    }
}

internal static class OfferErrors
{
    public const string NotFound = "offer_not_found";
    public const string Withdrawn = "offer_withdrawn";
    public const string NotStarted = "offer_not_started";
    public const string Expired = "offer_expired";
    public const string QuotaExhausted = "offer_quota_exhausted";
    public const string VolunteersOnly = "offer_for_verified_volunteers";
    public const string AgedOnly = "offer_for_aged_60_or_over";
    public const string CommunityOnly = "offer_for_another_community";
    public const string WrongKind = "offer_kind_mismatch";
}
