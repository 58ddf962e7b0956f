using System.Globalization;
using System.Resources;
using Alliance.Notifications.Notices;
using Alliance.ServiceDefaults.People;

namespace Alliance.Notifications.Inbox;

/// <summary>
/// A notification's title and body from its kind's templates (Resources/Notices.resx in English,
/// Notices.zh-CN.resx in Chinese), in the request's language: Chinese unless <c>Accept-Language</c> asks for English.
/// </summary>
internal static class NoticeTexts
{
    private static readonly ResourceManager Templates = new("Alliance.Notifications.Resources.Notices", typeof(NoticeTexts).Assembly);

    public static (string Title, string Body) Render(Notification notification, NameBook names)
    {
        var culture = CultureInfo.CurrentUICulture;
        var who = names.NameOf(notification.OtherPersonId) ?? Template("someone", culture);
        var body = string.Format(culture, Template($"{notification.Kind}.body", culture), who, notification.NeedTitle);
        return (Template($"{notification.Kind}.title", culture), body);
    }

    private static string Template(string key, CultureInfo culture) =>
        Templates.GetString(key, culture) ?? throw new InvalidOperationException($"No template {key}: add it to Resources/Notices*.resx.");
}
