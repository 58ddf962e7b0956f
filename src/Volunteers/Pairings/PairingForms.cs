using Alliance.Contracts.Reference;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;

namespace Alliance.Volunteers.Pairings;

/// <summary>
/// An admin pairs a volunteer with a care recipient (both are account ids), with the agreement and the
/// consent. The pairing's community and grid cell are not asked: they are the recipient's, from Identity.
/// </summary>
internal sealed record StartPairingRequest(
    [RequiredField] Guid? VolunteerId,
    [RequiredField] Guid? RecipientId,
    [RequiredField] RecipientCategory? Category,
    string? Building,
    string? Address,
    [RequiredField] AgreementRequest? Agreement,
    [RequiredField] ConsentRequest? Consent);

/// <summary>Helps are catalogue kind ids (the six helps are meals, bathing, cleaning, medical_help, walking_help, emergency).</summary>
internal sealed record AgreementRequest(IReadOnlyList<string?>? Helps, string? OtherServices, [RequiredField] int? VisitEveryDays);

internal sealed record ConsentRequest([RequiredField] ConsentGiver? GivenBy, string? GiverName, string? GiverRelation);

internal sealed record EndPairingRequest([RequiredField] string? Reason)
{
    public const int MaxReasonLength = 200;
}

/// <summary>A visit as the volunteer logs it; <c>visitedAt</c> is when it began.</summary>
internal sealed record LogVisitRequest([RequiredField] DateTimeOffset? VisitedAt, [RequiredField] int? DurationMinutes, IReadOnlyList<string?>? Helps, int? ProblemsSolved, string? Note);

/// <summary>A pairing request whose every field passed its rule; the building is checked against the recipient's cell once it is known.</summary>
internal sealed record PairingDraft(
    Guid VolunteerId, Guid RecipientId, RecipientCategory Category, string? Building, string? Address,
    PairingAgreement Agreement, ConsentGiver GivenBy, string? GiverName, string? GiverRelation);

/// <summary>The field rules of pairing and visit requests, each broken rule a stable code.</summary>
internal static class PairingForms
{
    public const int MaxNameLength = 50;
    public const int MaxRelationLength = 20;
    public const int MaxAddressLength = 200;

    /// <summary>How long after a visit the volunteer may still log it.</summary>
    public static readonly TimeSpan LateLoggingWindow = TimeSpan.FromDays(31);

    public static (FieldErrors Errors, PairingDraft? Draft) Check(StartPairingRequest request)
    {
        var errors = new FieldErrors();
        errors.Check(request.VolunteerId is not null && request.VolunteerId != Guid.Empty, "volunteerId", "required");
        errors.Check(request.RecipientId is not null && request.RecipientId != Guid.Empty, "recipientId", "required");
        if (errors.Check(request.Category is not null, "category", "required"))
        {
            errors.Check(Enum.IsDefined(request.Category!.Value), "category", "unknown_category");
        }

        var address = Optional(errors, "address", request.Address, MaxAddressLength);
        var agreement = Agreement(errors, request.Agreement);
        ConsentGiver? givenBy = null;
        string? giverName = null, giverRelation = null;
        if (errors.Check(request.Consent is not null, "consent", "required"))
        {
            var consent = request.Consent!;
            if (errors.Check(consent.GivenBy is not null, "consent.givenBy", "required")
                && errors.Check(Enum.IsDefined(consent.GivenBy!.Value), "consent.givenBy", "unknown_giver"))
            {
                givenBy = consent.GivenBy;
            }

            giverName = Optional(errors, "consent.giverName", consent.GiverName, MaxNameLength);
            giverRelation = Optional(errors, "consent.giverRelation", consent.GiverRelation, MaxRelationLength);
            // Someone other than the recipient consented: the record says who, by name and relation.
            if (givenBy is not null and not ConsentGiver.Self)
            {
                errors.Check(giverName is not null, "consent.giverName", "required");
                errors.Check(giverRelation is not null, "consent.giverRelation", "required");
            }
        }

        if (request.VolunteerId is { } v && v == request.RecipientId)
        {
            errors.Add("recipientId", "same_as_volunteer");
        }

        return errors.IsEmpty
            ? (errors, new PairingDraft(request.VolunteerId!.Value, request.RecipientId!.Value, request.Category!.Value,
                request.Building, address, agreement!, givenBy!.Value, giverName, giverRelation))
            : (errors, null);
    }

    /// <summary>A building, if named, is one of the recipient's cell (which only Identity's record says).</summary>
    public static FieldErrors Check(PairingDraft draft, RecipientPlace place)
    {
        var errors = new FieldErrors();
        errors.Check(draft.Building is null || ReferenceData.Current.IsBuildingOf(draft.Building, place.GridId), "building", "unknown_building");
        return errors;
    }

    public static PairingAgreement? Agreement(FieldErrors errors, AgreementRequest? request)
    {
        if (!errors.Check(request is not null, "agreement", "required"))
        {
            return null;
        }

        var helps = Kinds(errors, "agreement.helps", request!.Helps);
        var other = Optional(errors, "agreement.otherServices", request.OtherServices, PairingAgreement.MaxOtherServicesLength);
        errors.Check(helps.Count > 0 || other is not null, "agreement.helps", "required");
        var cadence = errors.Check(request.VisitEveryDays is not null, "agreement.visitEveryDays", "required")
            && errors.Check(request.VisitEveryDays is >= PairingAgreement.MinVisitEveryDays and <= PairingAgreement.MaxVisitEveryDays, "agreement.visitEveryDays", "out_of_range");
        return cadence && errors.IsEmpty ? new PairingAgreement(helps, other, request.VisitEveryDays!.Value) : null;
    }

    /// <summary>The visit's rules: not in the future, not before the pairing began, not older than the logging window.</summary>
    public static FieldErrors Check(LogVisitRequest request, Pairing pairing, DateTimeOffset now, out List<string> helps)
    {
        var errors = new FieldErrors();
        if (errors.Check(request.VisitedAt is not null, "visitedAt", "required")
            && errors.Check(request.VisitedAt <= now, "visitedAt", "in_future")
            && errors.Check(request.VisitedAt >= pairing.StartedAt, "visitedAt", "before_pairing"))
        {
            errors.Check(request.VisitedAt >= now - LateLoggingWindow, "visitedAt", "too_old");
        }

        if (errors.Check(request.DurationMinutes is not null, "durationMinutes", "required"))
        {
            errors.Check(request.DurationMinutes is >= PairingVisit.MinMinutes and <= PairingVisit.MaxMinutes, "durationMinutes", "out_of_range");
        }

        errors.Check(request.ProblemsSolved is null or (>= 0 and <= PairingVisit.MaxProblems), "problemsSolved", "out_of_range");
        Optional(errors, "note", request.Note, PairingVisit.MaxNoteLength);
        helps = Kinds(errors, "helps", request.Helps);
        return errors;
    }

    public static string? Reason(FieldErrors errors, string? reason) =>
        errors.Check(!string.IsNullOrWhiteSpace(reason), "reason", "required")
        && errors.Check(reason!.Trim().Length <= EndPairingRequest.MaxReasonLength, "reason", "too_long")
            ? reason.Trim()
            : null;

    public static string? Optional(FieldErrors errors, string field, string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? null
        : errors.Check(value.Trim().Length <= maxLength, field, "too_long") ? value.Trim() : null;

    private static List<string> Kinds(FieldErrors errors, string field, IReadOnlyList<string?>? kinds)
    {
        var distinct = (kinds ?? []).Distinct(StringComparer.Ordinal).ToList();
        errors.Check(distinct.Count <= PairingAgreement.MaxHelps, field, "too_many");
        errors.Check(distinct.All(ReferenceData.Current.IsKind), field, "unknown_kind");
        return distinct.OfType<string>().ToList();
    }
}

/// <summary>A pairing as its volunteer, its recipient and the admins of its place see it, the two people by their display names.</summary>
internal sealed record PairingView(
    Guid Id,
    Guid? VolunteerId,
    string? VolunteerName,
    Guid RecipientId,
    string? RecipientName,
    RecipientCategory Category,
    string CommunityId,
    string GridId,
    string? Building,
    AgreementView Agreement,
    ConsentView Consent,
    PairingStatus Status,
    DateTimeOffset StartedAt,
    Guid PairedBy,
    DateTimeOffset? LastVisitAt,
    DateTimeOffset NextVisitDueAt,
    bool Overdue,
    int MissedCadences,
    VisitTotals Visits,
    DateTimeOffset? EndedAt,
    string? EndReason)
{
    /// <summary>The two people of the pairings, to look their names up once for a page.</summary>
    public static IEnumerable<Guid> People(IEnumerable<Pairing> pairings) =>
        pairings.SelectMany(p => p.VolunteerId is { } volunteer ? [volunteer, p.RecipientId] : new[] { p.RecipientId });

    public static PairingView From(Pairing p, DateTimeOffset now, NameBook names) => new(
        p.Id, p.VolunteerId, names.NameOf(p.VolunteerId), p.RecipientId, names.NameOf(p.RecipientId), p.Category, p.CommunityId, p.GridId, p.Building,
        new AgreementView(p.Helps, p.OtherServices, p.VisitEveryDays),
        new ConsentView(p.Consent.GivenBy, p.Consent.GiverName, p.Consent.GiverRelation, p.Consent.NotedAt, p.Consent.NotedBy),
        p.Status, p.StartedAt, p.PairedBy, p.LastVisitAt, p.NextVisitDueAt, p.IsOverdue(now), p.MissedCadences,
        new VisitTotals(p.VisitCount, p.VisitMinutes, p.ProblemsSolved), p.EndedAt, p.EndReason);
}

internal sealed record AgreementView(IReadOnlyList<string> Helps, string? OtherServices, int VisitEveryDays);

internal sealed record ConsentView(ConsentGiver GivenBy, string? GiverName, string? GiverRelation, DateTimeOffset NotedAt, Guid NotedBy);

internal sealed record VisitTotals(int Count, int Minutes, int ProblemsSolved);

/// <summary>One pairing in full: the address and the people's names and phones, for those who visit and look after it.</summary>
internal sealed record PairingDetail(PairingView Pairing, string? Address, PersonView? Volunteer, PersonView Recipient);

internal sealed record PersonView(Guid Id, string? Name, string? Phone);

internal sealed record VisitView(Guid Id, Guid PairingId, Guid? VolunteerId, DateTimeOffset VisitedAt, int DurationMinutes, IReadOnlyList<string> Helps, int ProblemsSolved, string? Note, DateTimeOffset LoggedAt)
{
    public static VisitView From(PairingVisit v) => new(v.Id, v.PairingId, v.VolunteerId, v.VisitedAt, v.DurationMinutes, v.Helps, v.ProblemsSolved, v.Note, v.LoggedAt);
}
