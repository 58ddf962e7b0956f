using System.ComponentModel.DataAnnotations;

namespace Alliance.Teams.Activities;

/// <summary><c>Teams:Activities:*</c>: how long a volunteer may contest confirmed hours.</summary>
internal sealed class ActivityOptions
{
    public const string Section = "Teams:Activities";

    [Range(0, 365)]
    public int DisputeWindowDays { get; set; } = 7;
}
