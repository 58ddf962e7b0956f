namespace Alliance.Notifications.Webhooks;

/// <summary>
/// A merchant's partner system, by the HTTPS endpoint its staff registered: the events it takes (all
/// when the list is empty) and the secret its deliveries are signed with, kept protected by the
/// service's data-protection key ring, so a copy of the table alone signs nothing.
/// </summary>
internal sealed class WebhookSubscription
{
    public const int MaxUrlLength = 2000;

    private WebhookSubscription()
    {
    }

    public Guid Id { get; private set; }

    public Guid MerchantId { get; private set; }

    public string Url { get; private set; } = "";

    /// <summary>The <see cref="WebhookEvents"/> types it takes; empty for every one.</summary>
    public List<string> Events { get; private set; } = [];

    /// <summary>The signing secret as the data protector sealed it.</summary>
    public string ProtectedSecret { get; private set; } = "";

    /// <summary>The staff member who registered it.</summary>
    public Guid CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SecretRotatedAt { get; private set; }

    public static WebhookSubscription Register(Guid merchantId, string url, IEnumerable<string> events, string protectedSecret, Guid by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        MerchantId = merchantId,
        Url = url,
        Events = events.Distinct().Order(StringComparer.Ordinal).ToList(),
        ProtectedSecret = protectedSecret,
        CreatedBy = by,
        CreatedAt = now,
    };

    public bool Takes(string type) => Events.Count == 0 || Events.Contains(type);

    /// <summary>Deliveries not yet made are signed with the new secret from their next attempt.</summary>
    public void RotateSecret(string protectedSecret, DateTimeOffset now)
    {
        ProtectedSecret = protectedSecret;
        SecretRotatedAt = now;
    }
}
