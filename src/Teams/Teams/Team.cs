using Alliance.Contracts.Reference;
using Alliance.ServiceDefaults.Problems;

namespace Alliance.Teams.Teams;

/// <summary>The colour squads of a street (党旗红, 暖心橙, 生态绿, 守护蓝, 文艺紫, 绚丽彩), or none.</summary>
internal enum TeamTheme
{
    None,
    PartyRed,
    WarmOrange,
    EcoGreen,
    GuardianBlue,
    CulturePurple,
    Colourful,
}

/// <summary>
/// A volunteer team of a community, led by the volunteer who set it up. Provisional shape: the
/// volunteers-and-teams issue adds members, squads and activities.
/// </summary>
internal sealed class Team
{
    public const int MaxNameLength = 50;
    public const string UniqueNameIndex = "ux_teams_community_name";

    private Team()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The account id of the team's leader; leading is Teams' fact, not a token role.</summary>
    public Guid LeaderId { get; private set; }

    public string CommunityId { get; private set; } = "";

    public TeamTheme Theme { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static FieldErrors Check(string? name, string? communityId)
    {
        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(name), "name", "required"))
        {
            errors.Check(name!.Trim().Length <= MaxNameLength, "name", "too_long");
        }

        if (errors.Check(!string.IsNullOrWhiteSpace(communityId), "communityId", "required"))
        {
            errors.Check(ReferenceData.Current.IsCommunity(communityId), "communityId", "unknown_community");
        }

        return errors;
    }

    public static Team Create(Guid leaderId, string name, string communityId, TeamTheme theme, DateTimeOffset now)
    {
        if (!Check(name, communityId).IsEmpty)
        {
            throw new ArgumentException("A team must be checked before it is created.", nameof(name));
        }

        return new Team { Id = Guid.CreateVersion7(now), LeaderId = leaderId, Name = name.Trim(), CommunityId = communityId, Theme = theme, CreatedAt = now };
    }

    public bool IsLedBy(Guid? accountId) => accountId == LeaderId;

    /// <summary>The leader renames the team or changes its squad colour.</summary>
    public FieldErrors Update(string? name, TeamTheme? theme)
    {
        var errors = new FieldErrors();
        if (name is not null && errors.Check(!string.IsNullOrWhiteSpace(name), "name", "required"))
        {
            errors.Check(name.Trim().Length <= MaxNameLength, "name", "too_long");
        }

        if (errors.IsEmpty)
        {
            Name = name?.Trim() ?? Name;
            Theme = theme ?? Theme;
        }

        return errors;
    }
}
