namespace Alliance.Notifications.Preferences;

/// <summary>
/// How a person wants to hear outside the app (table <c>preferences</c>, one row a person once they
/// saved any): which channels, which kinds never leave the app, and whether quiet hours hold notices.
/// The in-app inbox is not affected: every notification is there at once. None saved: <see cref="Defaults"/>.
/// </summary>
internal sealed class Preference
{
    public Guid PersonId { get; set; }

    public bool Sms { get; set; } = true;

    public bool WeChat { get; set; } = true;

    /// <summary>Kinds (<see cref="Notices.NoticeKinds"/>) sent to no outside channel.</summary>
    public List<string> MutedKinds { get; set; } = [];

    /// <summary>22:00 to 07:00 Asia/Shanghai a notice that is not urgent waits for 07:00 (<see cref="Channels.QuietHours"/>).</summary>
    public bool QuietHours { get; set; } = true;

    public DateTimeOffset UpdatedAt { get; set; }

    public static Preference Defaults(Guid person) => new() { PersonId = person };

    /// <summary>Whether this channel is on for this person.</summary>
    public bool Allows(string channel) => channel switch
    {
        Channels.ChannelNames.Sms => Sms,
        Channels.ChannelNames.WeChat => WeChat,
        _ => false,
    };
}
