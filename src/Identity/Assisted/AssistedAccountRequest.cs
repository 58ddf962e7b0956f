using Alliance.Contracts.Reference;
using Alliance.Contracts.Validation;
using Alliance.Identity.Accounts;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.Problems;

namespace Alliance.Identity.Assisted;

internal sealed record ConsentRequest([RequiredField] string? GivenBy, string? GiverName, string? Relationship, [RequiredField] string? Method, [RequiredField] DateTimeOffset? GivenAt);

/// <summary>An account for a resident who is not online, made by an admin whose scope covers the resident's grid cell.</summary>
internal sealed record AssistedAccountRequest([RequiredField] string? DisplayName, [RequiredField] string? CommunityId, [RequiredField] string? GridId, string? Mobile, [RequiredField] ConsentRequest? Consent)
{
    /// <summary>A consent may be dated a little ahead of the server's clock, not more.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public FieldErrors Check(DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(DisplayName), "displayName", "required"))
        {
            errors.Check(DisplayName!.Trim().Length <= Account.MaxDisplayNameLength, "displayName", "too_long");
        }

        if (errors.Check(!string.IsNullOrEmpty(CommunityId), "communityId", "required")
            && errors.Check(ReferenceData.Current.IsCommunity(CommunityId), "communityId", "unknown_community")
            && errors.Check(!string.IsNullOrEmpty(GridId), "gridId", "required"))
        {
            errors.Check(ReferenceData.Current.IsGridOf(GridId, CommunityId), "gridId", "unknown_grid");
        }

        if (Mobile is not null)
        {
            errors.Check(ChineseFormats.IsMobile(Mobile), "mobile", "mobile_format");
        }

        if (!errors.Check(Consent is not null, "consent", "required"))
        {
            return errors;
        }

        var givenBy = ParseEnum<ConsentGiver>(Consent!.GivenBy, "consent.givenBy", errors);
        if (givenBy is not null and not ConsentGiver.Resident
            && errors.Check(!string.IsNullOrWhiteSpace(Consent.GiverName), "consent.giverName", "required"))
        {
            errors.Check(Consent.GiverName!.Trim().Length <= ConsentRecord.MaxNameLength, "consent.giverName", "too_long");
        }

        errors.Check(Consent.Relationship is null || Consent.Relationship.Trim().Length <= ConsentRecord.MaxNameLength, "consent.relationship", "too_long");
        ParseEnum<ConsentMethod>(Consent.Method, "consent.method", errors);
        if (errors.Check(Consent.GivenAt is not null, "consent.givenAt", "required"))
        {
            errors.Check(Consent.GivenAt <= now + ClockSkew, "consent.givenAt", "in_future");
        }

        return errors;
    }

    /// <summary>The consent as recorded; call after <see cref="Check"/> found nothing.</summary>
    public ConsentRecord ToRecord(Guid recordedBy, DateTimeOffset now)
    {
        var givenBy = Enum.Parse<ConsentGiver>(Consent!.GivenBy!, ignoreCase: true);
        return new ConsentRecord
        {
            GivenBy = givenBy,
            GiverName = givenBy == ConsentGiver.Resident ? null : Consent.GiverName!.Trim(),
            Relationship = givenBy == ConsentGiver.Resident ? null : Consent.Relationship?.Trim(),
            Method = Enum.Parse<ConsentMethod>(Consent.Method!, ignoreCase: true),
            GivenAt = Consent.GivenAt!.Value.ToUniversalTime(),
            RecordedBy = recordedBy,
            RecordedAt = now,
        };
    }

    /// <summary>An enum by its camelCase wire name; a number or an unknown name is a field error.</summary>
    private static TEnum? ParseEnum<TEnum>(string? value, string field, FieldErrors errors) where TEnum : struct, Enum
    {
        if (!errors.Check(!string.IsNullOrEmpty(value), field, "required"))
        {
            return null;
        }

        if (value!.All(char.IsAsciiLetter) && Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed))
        {
            return parsed;
        }

        errors.Add(field, "unknown_value");
        return null;
    }
}
