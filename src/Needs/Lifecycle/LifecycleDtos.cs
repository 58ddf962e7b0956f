using Alliance.Needs.Board;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.Problems;

namespace Alliance.Needs.Lifecycle;

/// <summary>The claimant's report: each helper's hours (night hours apart, part of the hours) and a note.</summary>
internal sealed record CompletionRequest([RequiredField] List<HelperHoursRequest>? Helpers, string? Note);

/// <summary>The resident's confirmation: a rating of 1 to 5 and a comment.</summary>
[RequestExample("""{ "rating": 5, "comment": "王师傅修得很仔细，谢谢！" }""")]
internal sealed record ConfirmationRequest([RequiredField] int? Rating, string? Comment);

internal sealed record DisputeRequest([RequiredField] string? Reason);

/// <summary>An admin's resolution: "confirmed" (with other hours, if given) or "cancelled", and a note.</summary>
internal sealed record ResolutionRequest([RequiredField] string? Outcome, List<HelperHoursRequest>? Helpers, string? Note);

/// <summary>The field rules of reported hours.</summary>
internal static class HoursRules
{
    public const decimal MaxHours = 24m;
    public const int MaxTextLength = 500;

    /// <summary>Each helper named once, hours above 0 and at most 24 with one decimal place, night hours from 0 to the hours.</summary>
    public static List<HelperHours>? Check(List<HelperHoursRequest>? helpers, FieldErrors errors)
    {
        if (helpers is null || !errors.Check(helpers.Count is >= 1 and <= NeedDraft.MaxHelpers, "helpers", helpers is [] ? "required" : "out_of_range"))
        {
            errors.Check(helpers is not null, "helpers", "required");
            return null;
        }

        errors.Check(helpers.Select(h => h.VolunteerId).Distinct().Count() == helpers.Count, "helpers", "duplicate_helper");
        for (var i = 0; i < helpers.Count; i++)
        {
            var (volunteer, hours, night) = helpers[i];
            errors.Check(volunteer is not null, $"helpers[{i}].volunteerId", "required");
            if (errors.Check(hours is > 0 and <= MaxHours, $"helpers[{i}].hours", "out_of_range"))
            {
                errors.Check(hours is { } h && decimal.Round(h, 1) == h, $"helpers[{i}].hours", "one_decimal_place");
            }

            var nightHours = night ?? 0;
            if (errors.Check(nightHours >= 0 && (hours is null || nightHours <= hours), $"helpers[{i}].nightHours", "night_exceeds_hours"))
            {
                errors.Check(decimal.Round(nightHours, 1) == nightHours, $"helpers[{i}].nightHours", "one_decimal_place");
            }
        }

        return errors.IsEmpty ? [.. helpers.Select(h => new HelperHours(h.VolunteerId!.Value, h.Hours!.Value, h.NightHours ?? 0))] : null;
    }

    public static string? Text(string? text, string field, FieldErrors errors)
    {
        var trimmed = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        errors.Check((trimmed?.EnumerateRunes().Count() ?? 0) <= MaxTextLength, field, "too_long");
        return trimmed;
    }
}
