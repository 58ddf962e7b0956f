using System.Globalization;
using System.Security.Claims;
using Alliance.Contracts.Validation;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.Security;

namespace Alliance.Volunteers.Registration;

/// <summary>What a person sends to register: the id is theirs from the token; the status is not theirs to set; the mobile is their account's.</summary>
[RequestExample("""{ "name": "李忠", "idCardNumber": "11010519491231002X", "communityId": "xintang", "gridId": "xintang-01", "building": "新塘新村4幢", "skills": ["home_repair", "companionship"], "availability": [{ "day": "saturday", "from": "09:00", "to": "11:30" }], "partyMember": true, "emergencyContact": { "name": "李芳", "relation": "女儿", "mobile": "13912340000" } }""")]
internal sealed record RegisterVolunteerRequest(
    [RequiredField] string? Name,
    [RequiredField] string? IdCardNumber,
    [RequiredField] string? CommunityId,
    [RequiredField] string? GridId,
    [RequiredField] string? Building,
    IReadOnlyList<string?>? Skills,
    IReadOnlyList<AvailabilitySlotRequest?>? Availability,
    bool? PartyMember,
    [RequiredField] EmergencyContactRequest? EmergencyContact);

/// <summary>A weekly slot: <c>{ "day": "saturday", "from": "09:00", "to": "11:30" }</c>.</summary>
internal sealed record AvailabilitySlotRequest([RequiredField] DayOfWeek? Day, [RequiredField] string? From, [RequiredField] string? To);

internal sealed record EmergencyContactRequest([RequiredField] string? Name, [RequiredField] string? Relation, [RequiredField] string? Mobile);

/// <summary>Why an admin suspends or reinstates a volunteer.</summary>
internal sealed record StatusChangeRequest([RequiredField] string? Reason)
{
    public const int MaxReasonLength = 200;
}

internal sealed record AvailabilitySlotView(DayOfWeek Day, string From, string To)
{
    public static AvailabilitySlotView Of(AvailabilitySlot slot) =>
        new(slot.Day, slot.From.ToString("HH:mm", CultureInfo.InvariantCulture), slot.To.ToString("HH:mm", CultureInfo.InvariantCulture));
}

internal enum PhoneStatus
{
    /// <summary>The whole number, to the volunteer themself.</summary>
    Shown,

    /// <summary>First three and last four, to an admin of the volunteer's community.</summary>
    Masked,

    /// <summary>The account has no mobile (an assisted account may not).</summary>
    None,

    /// <summary>Identity did not answer in time; the rest of the record is still right.</summary>
    Unavailable,
}

/// <summary>The mobile, read from Identity when the record is read (it is never stored here), and whether it could be.</summary>
internal sealed record PhoneView(string? Mobile, PhoneStatus Status);

/// <summary>The emergency contact as the API shows it: the mobile whole to the volunteer themself, masked (<c>139****0000</c>) to anyone else.</summary>
internal sealed record EmergencyContactView(string Name, string Relation, string Mobile, bool MobileMasked)
{
    public static EmergencyContactView? Of(EmergencyContact? contact, bool masked) => contact is null ? null
        : new(contact.Name, contact.Relation, masked ? ChineseFormats.MaskMobile(contact.Mobile) : contact.Mobile, masked);
}

/// <summary>
/// A volunteer as the API shows it; the ID card number is always masked, and the emergency contact's
/// mobile is whole only to the volunteer themself (admins read it masked).
/// </summary>
internal sealed record VolunteerResponse(
    Guid Id,
    string Name,
    string IdCardNumber,
    string CommunityId,
    string GridId,
    string Building,
    IReadOnlyList<string> Skills,
    IReadOnlyList<AvailabilitySlotView> Availability,
    bool PartyMember,
    EmergencyContactView? EmergencyContact,
    VolunteerStatus Status,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? VerifiedAt,
    string? StatusReason,
    PhoneView? Phone)
{
    public static VolunteerResponse From(Volunteer volunteer, IdCardProtector idCards, ClaimsPrincipal caller, PhoneView? phone = null) => new(
        volunteer.Id,
        volunteer.Name,
        volunteer.IdCardCipher is null ? "" : ChineseFormats.MaskIdCard(idCards.Decrypt(volunteer.IdCardCipher, volunteer.Id)),
        volunteer.CommunityId,
        volunteer.GridId,
        volunteer.Building,
        volunteer.Skills,
        volunteer.Availability.Select(AvailabilitySlotView.Of).ToList(),
        volunteer.PartyMember,
        EmergencyContactView.Of(volunteer.EmergencyContact, masked: caller.AccountId() != volunteer.Id),
        volunteer.Status,
        volunteer.RegisteredAt,
        volunteer.VerifiedAt,
        volunteer.StatusReason,
        phone);
}

internal sealed record StatusChangeView(VolunteerStatus? From, VolunteerStatus To, Guid By, string? Reason, DateTimeOffset At)
{
    public static StatusChangeView Of(VolunteerStatusChange change) => new(change.From, change.To, change.By, change.Reason, change.At);
}

/// <summary>A volunteer in an admin's list: no ID card and no phone; open the record for those.</summary>
internal sealed record VolunteerSummary(
    Guid Id, string Name, string CommunityId, string GridId, string Building, IReadOnlyList<string> Skills, bool PartyMember,
    VolunteerStatus Status, DateTimeOffset RegisteredAt, DateTimeOffset? VerifiedAt)
{
    public static VolunteerSummary From(Volunteer v) =>
        new(v.Id, v.Name, v.CommunityId, v.GridId, v.Building, v.Skills, v.PartyMember, v.Status, v.RegisteredAt, v.VerifiedAt);
}
