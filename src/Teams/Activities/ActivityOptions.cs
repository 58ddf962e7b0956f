using System.ComponentModel.DataAnnotations;

namespace Alliance.Teams.Activities;

/// <summary><c>Teams:Activities:*</c>: how long after an activity its hours may be confirmed, and how long a volunteer may contest them.</summary>
internal sealed class ActivityOptions
{
    public const string Section = "Teams:Activities";

    /// <summary>Days after the end within which hours are confirmed; later ones are honour hours (Volunteers), which earn no points.</summary>
    [Range(1, 365)]
    public int ConfirmWithinDays { get; set; } = 14;

    [Range(0, 365)]
    public int DisputeWindowDays { get; set; } = 7;

    public TimeSpan ConfirmationWindow => TimeSpan.FromDays(ConfirmWithinDays);
}
