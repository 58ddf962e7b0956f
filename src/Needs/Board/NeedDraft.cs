using Alliance.Contracts.Reference;
using Alliance.ServiceDefaults.Problems;

namespace Alliance.Needs.Board;

/// <summary>A need as posted, once every field rule holds.</summary>
internal sealed record NeedDraft(
    string Title,
    string? Description,
    string KindId,
    string CommunityId,
    string GridId,
    string? Building,
    string Address,
    NeedUrgency Urgency,
    DateTimeOffset WantedFrom,
    DateTimeOffset WantedUntil,
    int HelpersNeeded,
    IReadOnlyList<string> RequiredSkills,
    string? Wish)
{
    public const int MaxTitleLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxAddressLength = 200;
    public const int MaxWishLength = 200;
    public const int MaxHelpers = 50;
    public const int MaxSkills = 10;
    public const string MicroWish = "micro_wish";

    /// <summary>Checks a request's fields; the draft when every rule holds, else the field errors. Lengths count characters, not bytes.</summary>
    public static NeedDraft? From(PostNeedRequest request, DateTimeOffset now, out FieldErrors errors)
    {
        var reference = ReferenceData.Current;
        errors = new FieldErrors();
        var title = request.Title?.Trim();
        if (errors.Check(!string.IsNullOrEmpty(title), "title", "required"))
        {
            errors.Check(Characters(title) <= MaxTitleLength, "title", "too_long");
        }

        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        errors.Check(Characters(description) <= MaxDescriptionLength, "description", "too_long");

        if (errors.Check(!string.IsNullOrWhiteSpace(request.KindId), "kindId", "required"))
        {
            errors.Check(reference.IsKind(request.KindId), "kindId", "unknown_kind");
        }

        var communityKnown = errors.Check(!string.IsNullOrWhiteSpace(request.CommunityId), "communityId", "required")
            && errors.Check(reference.IsCommunity(request.CommunityId), "communityId", "unknown_community");
        var gridKnown = errors.Check(!string.IsNullOrWhiteSpace(request.GridId), "gridId", "required")
            && communityKnown && errors.Check(reference.IsGridOf(request.GridId, request.CommunityId), "gridId", "unknown_grid");
        var building = string.IsNullOrWhiteSpace(request.Building) ? null : request.Building.Trim();
        if (building is not null && gridKnown)
        {
            errors.Check(reference.IsBuildingOf(building, request.GridId), "building", "unknown_building");
        }

        var address = request.Address?.Trim();
        if (errors.Check(!string.IsNullOrEmpty(address), "address", "required"))
        {
            errors.Check(Characters(address) <= MaxAddressLength, "address", "too_long");
        }

        var urgency = ParseUrgency(request.Urgency);
        errors.Check(urgency is not null, "urgency", "unknown_urgency");

        var windowGiven = errors.Check(request.WantedFrom is not null, "wantedFrom", "required")
            & errors.Check(request.WantedUntil is not null, "wantedUntil", "required");
        if (windowGiven && errors.Check(request.WantedUntil > request.WantedFrom, "wantedUntil", "ends_before_start"))
        {
            errors.Check(request.WantedUntil > now, "wantedUntil", "in_past");
        }

        var helpers = request.HelpersNeeded ?? 1;
        errors.Check(helpers is >= 1 and <= MaxHelpers, "helpersNeeded", "out_of_range");

        var skills = (request.RequiredSkills ?? []).Distinct(StringComparer.Ordinal).ToList();
        errors.Check(skills.Count <= MaxSkills, "requiredSkills", "too_many");
        errors.Check(skills.All(reference.IsKind), "requiredSkills", "unknown_kind");

        var wish = string.IsNullOrWhiteSpace(request.Wish) ? null : request.Wish.Trim();
        if (request.KindId == MicroWish)
        {
            if (errors.Check(wish is not null, "wish", "required"))
            {
                errors.Check(Characters(wish) <= MaxWishLength, "wish", "too_long");
            }
        }
        else
        {
            errors.Check(wish is null, "wish", "only_for_micro_wish");
        }

        return errors.IsEmpty
            ? new NeedDraft(title!, description, request.KindId!, request.CommunityId!, request.GridId!, building, address!, urgency!.Value,
                request.WantedFrom!.Value.ToUniversalTime(), request.WantedUntil!.Value.ToUniversalTime(), helpers, skills, wish)
            : null;
    }

    /// <summary>"normal" (the default), "urgent" or "emergency"; null for anything else.</summary>
    public static NeedUrgency? ParseUrgency(string? value) => value switch
    {
        null or "normal" => NeedUrgency.Normal,
        "urgent" => NeedUrgency.Urgent,
        "emergency" => NeedUrgency.Emergency,
        _ => null,
    };

    /// <summary>Unicode characters (code points), so 2000 Chinese characters are 2000, not 6000 bytes.</summary>
    private static int Characters(string? text) => text?.EnumerateRunes().Count() ?? 0;
}
