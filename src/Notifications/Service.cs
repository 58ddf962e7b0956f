namespace Alliance.Notifications;

/// <summary>
/// The service's names, as the AppHost knows them. Also the type that names this assembly when a
/// test hosts it beside another service (every service has a <c>Program</c>).
/// </summary>
public sealed class Service
{
    public const string Name = "notifications";
    public const string Database = "notificationsdb";

    private Service()
    {
    }
}
