namespace Alliance.Teams.Teams;

/// <summary>
/// The colour squads of a street (党旗红, 暖心橙, 生态绿, 守护蓝, 文艺紫, 绚丽彩 for convenience
/// services), elders (五老红), craft (巧娘), other, or none. New values go at the end: stored by name.
/// </summary>
internal enum TeamTheme
{
    None,
    PartyRed,
    WarmOrange,
    EcoGreen,
    GuardianBlue,
    CulturePurple,
    Colourful,
    Elders,
    Craft,
    Other,
}

/// <summary>
/// A new team is <c>unapproved</c> until an admin covering its community approves it; until then only
/// such an admin vouches for hours at its activities. Stored by name; new values go at the end.
/// </summary>
internal enum TeamStatus
{
    Unapproved,
    Approved,
}

internal enum HandoverResult
{
    HandedOver,
    AlreadyLeader,
}

internal enum RemovalResult
{
    Allowed,
    NotAllowed,
    LeaderCannotBeRemoved,
}
