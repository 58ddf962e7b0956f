using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.Problems;

namespace Alliance.Volunteers.Registration;

/// <summary>What a volunteer may change of their own profile; a field left out (or null) stays as it is. Real name, ID card and place are not theirs to edit.</summary>
[RequestExample("""{ "skills": ["home_repair", "escort"], "availability": [{ "day": "sunday", "from": "14:00", "to": "17:00" }] }""")]
internal sealed record EditProfileRequest(
    IReadOnlyList<string?>? Skills,
    IReadOnlyList<AvailabilitySlotRequest?>? Availability,
    EmergencyContactRequest? EmergencyContact,
    string? Building);

/// <summary>The fields of an edit that were given, each having passed its registration rule.</summary>
internal sealed record ProfileEdit(
    IReadOnlyList<string>? Skills, IReadOnlyList<AvailabilitySlot>? Availability, EmergencyContact? EmergencyContact, string? Building)
{
    /// <summary>Each given field checked by the very rule registration uses; the building against the volunteer's own cell.</summary>
    public static (FieldErrors Errors, ProfileEdit? Edit) Check(EditProfileRequest request, string gridId)
    {
        var errors = new FieldErrors();
        var skills = request.Skills is null ? null : RegistrationForm.Skills(errors, request.Skills);
        var slots = request.Availability is null ? null : RegistrationForm.Slots(errors, request.Availability);
        var contact = request.EmergencyContact is null ? null : RegistrationForm.Contact(errors, request.EmergencyContact);
        var building = request.Building is null ? null : RegistrationForm.Building(errors, request.Building, gridId);
        return errors.IsEmpty ? (errors, new ProfileEdit(skills, slots, contact, building)) : (errors, null);
    }
}
