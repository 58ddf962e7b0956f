using System.Globalization;
using System.Resources;
using Alliance.Notifications.Notices;
using Alliance.ServiceDefaults.People;

namespace Alliance.Notifications.Inbox;

/// <summary>
/// A notification's title and body from its kind's templates (Resources/Notices.resx in English,
/// Notices.zh-CN.resx in Chinese), in the request's language: Chinese unless <c>Accept-Language</c> asks for English.
/// A template's places: {0} the other person's name, {1} the subject's title, {2} the time it names
/// (Asia/Shanghai), {3} the amount.
/// </summary>
internal static class NoticeTexts
{
    /// <summary>Times are told as the street tells them.</summary>
    private static readonly TimeZoneInfo Street = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly ResourceManager Templates = new("Alliance.Notifications.Resources.Notices", typeof(NoticeTexts).Assembly);

    public static (string Title, string Body) Render(Notification notification, NameBook names)
    {
        var culture = CultureInfo.CurrentUICulture;
        var who = names.NameOf(notification.OtherPersonId) ?? Template("someone", culture);
        var at = notification.At is { } when ? TimeZoneInfo.ConvertTime(when, Street).ToString("yyyy-MM-dd HH:mm", culture) : "";
        var body = string.Format(culture, Template($"{notification.Kind}.body", culture), who, notification.Title, at, notification.Amount);
        return (Template($"{notification.Kind}.title", culture), body);
    }

    private static string Template(string key, CultureInfo culture) =>
        Templates.GetString(key, culture) ?? throw new InvalidOperationException($"No template {key}: add it to Resources/Notices*.resx.");
}
