namespace Alliance.Notifications.Webhooks;

internal sealed class WebhookOptions
{
    public const string Section = "Notifications:Webhooks";

    /// <summary>
    /// Lets an <c>http://</c> URL on a loopback address through (the tests' receiver). Never set in a
    /// deployment: it opens the service's own host to whoever may register a webhook.
    /// </summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>How long one attempt waits for the partner's answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
