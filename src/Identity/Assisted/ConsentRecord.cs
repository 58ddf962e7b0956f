namespace Alliance.Identity.Assisted;

/// <summary>Who agreed to the assisted account: the resident, or someone on their behalf, named.</summary>
internal enum ConsentGiver
{
    Resident,
    FamilyMember,
    Guardian,
}

internal enum ConsentMethod
{
    InPerson,
    PaperForm,
    Phone,
}

/// <summary>
/// The resident's consent to an account made for them (PIPL): who gave it and how, when, and the
/// admin who recorded it (from the token, never the body).
/// </summary>
internal sealed class ConsentRecord
{
    public const int MaxNameLength = 50;

    public ConsentGiver GivenBy { get; init; }

    /// <summary>The family member's or guardian's name; null when the resident gave it.</summary>
    public string? GiverName { get; init; }

    /// <summary>How they are related to the resident (女儿, 侄子), when someone else gave it.</summary>
    public string? Relationship { get; init; }

    public ConsentMethod Method { get; init; }

    public DateTimeOffset GivenAt { get; init; }

    public Guid RecordedBy { get; init; }

    public DateTimeOffset RecordedAt { get; init; }
}
