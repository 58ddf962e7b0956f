namespace Alliance.Gateway;

/// <summary>The services behind the gateway: each one's REST API is <c>/api/{name}/...</c>.</summary>
public sealed class GatewayServices
{
    private GatewayServices()
    {
    }

    public static IReadOnlyList<(string Name, string Title)> All { get; } =
    [
        ("needs", "Needs"),
        ("volunteers", "Volunteers"),
        ("teams", "Teams"),
        ("merchants", "Merchants"),
        ("points", "Points"),
        ("notifications", "Notifications"),
        ("identity", "Identity"),
    ];
}
