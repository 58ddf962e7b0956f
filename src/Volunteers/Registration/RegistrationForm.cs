using System.Globalization;
using Alliance.Contracts.Reference;
using Alliance.Contracts.Validation;
using Alliance.ServiceDefaults.Problems;

namespace Alliance.Volunteers.Registration;

/// <summary>A weekly slot when the volunteer can help: a day and a time range within it (Asia/Shanghai).</summary>
internal sealed record AvailabilitySlot(DayOfWeek Day, TimeOnly From, TimeOnly To);

/// <summary>Whom to call if something happens to the volunteer on duty.</summary>
internal sealed record EmergencyContact(string Name, string Relation, string Mobile);

/// <summary>A registration whose every field has passed its rule; the ID card number is normalized (upper-case X).</summary>
internal sealed record Registration(
    string Name,
    string IdCard,
    string CommunityId,
    string GridId,
    string Building,
    IReadOnlyList<string> Skills,
    IReadOnlyList<AvailabilitySlot> Availability,
    bool PartyMember,
    EmergencyContact EmergencyContact);

/// <summary>The rules of a registration form, each broken rule a field error with a stable code.</summary>
internal static class RegistrationForm
{
    public const int MaxNameLength = 50;
    public const int MaxRelationLength = 20;
    public const int MaxSkills = 10;
    public const int MaxSlots = 21;

    public static (FieldErrors Errors, Registration? Registration) Check(RegisterVolunteerRequest request)
    {
        var errors = new FieldErrors();
        var name = Text(errors, "name", request.Name, MaxNameLength);
        var idCard = IdCard(errors, "idCardNumber", request.IdCardNumber);
        var (communityId, gridId, building) = Place(errors, request.CommunityId, request.GridId, request.Building);
        var skills = Skills(errors, request.Skills);
        var slots = Slots(errors, request.Availability);
        var contact = Contact(errors, request.EmergencyContact);
        return errors.IsEmpty
            ? (errors, new Registration(name!, idCard!, communityId!, gridId!, building!, skills, slots, request.PartyMember ?? false, contact!))
            : (errors, null);
    }

    /// <summary>Upper-cases the check character; <c>id_card_format</c> unless 17 digits and a digit or X, <c>id_card_check</c> if the GB 11643 check fails.</summary>
    public static string? IdCard(FieldErrors errors, string field, string? value)
    {
        if (!errors.Check(!string.IsNullOrWhiteSpace(value), field, "required"))
        {
            return null;
        }

        var number = value!.Trim().ToUpperInvariant();
        var wellFormed = number.Length == 18 && number[..17].All(char.IsAsciiDigit) && (char.IsAsciiDigit(number[17]) || number[17] == 'X');
        return errors.Check(wellFormed, field, "id_card_format") && errors.Check(ChineseFormats.IsResidentIdCard(number), field, "id_card_check")
            ? number
            : null;
    }

    private static string? Text(FieldErrors errors, string field, string? value, int maxLength) =>
        errors.Check(!string.IsNullOrWhiteSpace(value), field, "required") && errors.Check(value!.Trim().Length <= maxLength, field, "too_long")
            ? value.Trim()
            : null;

    private static (string?, string?, string?) Place(FieldErrors errors, string? communityId, string? gridId, string? building)
    {
        var reference = ReferenceData.Current;
        var community = errors.Check(!string.IsNullOrWhiteSpace(communityId), "communityId", "required")
            && errors.Check(reference.IsCommunity(communityId), "communityId", "unknown_community");
        var grid = errors.Check(!string.IsNullOrWhiteSpace(gridId), "gridId", "required")
            && (!community || errors.Check(reference.IsGridOf(gridId, communityId), "gridId", "unknown_grid"));
        var house = Building(errors, building, grid && community ? gridId : null) is not null;
        return community && grid && house ? (communityId, gridId, building) : (null, null, null);
    }

    /// <summary><c>required</c> if blank; <c>unknown_building</c> unless a building of the cell (not checked while the cell itself is in doubt, null).</summary>
    public static string? Building(FieldErrors errors, string? building, string? gridId) =>
        errors.Check(!string.IsNullOrWhiteSpace(building), "building", "required")
        && (gridId is null || errors.Check(ReferenceData.Current.IsBuildingOf(building, gridId), "building", "unknown_building"))
            ? building
            : null;

    public static List<string> Skills(FieldErrors errors, IReadOnlyList<string?>? skills)
    {
        var distinct = (skills ?? []).Distinct(StringComparer.Ordinal).ToList();
        errors.Check(distinct.Count <= MaxSkills, "skills", "too_many");
        errors.Check(distinct.All(ReferenceData.Current.IsKind), "skills", "unknown_kind");
        return distinct.OfType<string>().ToList();
    }

    public static List<AvailabilitySlot> Slots(FieldErrors errors, IReadOnlyList<AvailabilitySlotRequest?>? requested)
    {
        var slots = new List<AvailabilitySlot>();
        if (requested is null || !errors.Check(requested.Count <= MaxSlots, "availability", "too_many"))
        {
            return slots;
        }

        for (var i = 0; i < requested.Count; i++)
        {
            var field = $"availability[{i}]";
            var slot = requested[i];
            if (!errors.Check(slot is not null, field, "required"))
            {
                continue;
            }

            var day = errors.Check(slot!.Day is not null, $"{field}.day", "required")
                && errors.Check(Enum.IsDefined(slot.Day!.Value), $"{field}.day", "unknown_day");
            var from = Time(errors, $"{field}.from", slot.From);
            var to = Time(errors, $"{field}.to", slot.To);
            if (!day || from is null || to is null || !errors.Check(from < to, field, "slot_order"))
            {
                continue;
            }

            var candidate = new AvailabilitySlot(slot.Day!.Value, from.Value, to.Value);
            if (errors.Check(!slots.Any(s => s.Day == candidate.Day && s.From < candidate.To && candidate.From < s.To), field, "slot_overlap"))
            {
                slots.Add(candidate);
            }
        }

        return slots;
    }

    private static TimeOnly? Time(FieldErrors errors, string field, string? value)
    {
        if (!errors.Check(!string.IsNullOrWhiteSpace(value), field, "required"))
        {
            return null;
        }

        return errors.Check(TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time), field, "time_format")
            ? time
            : null;
    }

    public static EmergencyContact? Contact(FieldErrors errors, EmergencyContactRequest? contact)
    {
        if (!errors.Check(contact is not null, "emergencyContact", "required"))
        {
            return null;
        }

        var name = Text(errors, "emergencyContact.name", contact!.Name, MaxNameLength);
        var relation = Text(errors, "emergencyContact.relation", contact.Relation, MaxRelationLength);
        var mobile = errors.Check(!string.IsNullOrWhiteSpace(contact.Mobile), "emergencyContact.mobile", "required")
            && errors.Check(ChineseFormats.IsMobile(contact.Mobile!.Trim()), "emergencyContact.mobile", "mobile_format")
                ? contact.Mobile.Trim()
                : null;
        return name is null || relation is null || mobile is null ? null : new EmergencyContact(name, relation, mobile);
    }
}
