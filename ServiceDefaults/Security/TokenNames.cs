namespace Alliance.ServiceDefaults.Security;

/// <summary>Who a token is for (its <c>aud</c>), as ARCHITECTURE.md names them.</summary>
public static class Audiences
{
    /// <summary>Public access tokens: the resident, volunteer and merchant apps and partner systems.</summary>
    public const string Api = "alliance-api";

    /// <summary>A service's own client_credentials token, for internal gRPC.</summary>
    public const string Internal = "alliance-internal";
}

/// <summary>The token roles of docs/domain.md ("People"). Leading a team is not one: Teams decides that.</summary>
public static class Roles
{
    public const string Resident = "resident";
    public const string Volunteer = "volunteer";
    public const string MerchantStaff = "merchant-staff";
    public const string GridWorker = "grid-worker";
    public const string CommunityAdmin = "community-admin";
    public const string StreetAdmin = "street-admin";

    /// <summary>Runs the system: replays parked work and error queues on a service's own port. Granted only by a street admin.</summary>
    public const string Operator = "operator";

    public static readonly IReadOnlyList<string> All = [Resident, Volunteer, MerchantStaff, GridWorker, CommunityAdmin, StreetAdmin, Operator];

    /// <summary>The roles that verify, moderate and assist, each within its own scope.</summary>
    public static readonly IReadOnlyList<string> Admins = [GridWorker, CommunityAdmin, StreetAdmin];
}

/// <summary>The claims of an Alliance access token.</summary>
public static class AllianceClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string ClientId = "client_id";

    /// <summary>The merchant a staff member or a partner system acts for.</summary>
    public const string MerchantId = "merchant_id";

    /// <summary>The community a community admin is bound to (one claim per community).</summary>
    public const string CommunityId = "community_id";

    /// <summary>The grid cell a grid worker is bound to (one claim per cell).</summary>
    public const string GridId = "grid_id";
}

/// <summary>The two bearer schemes every service accepts.</summary>
public static class Schemes
{
    /// <summary>Public access tokens (audience <c>alliance-api</c>), on HTTP endpoints.</summary>
    public const string Public = "Bearer";

    /// <summary>Service tokens (audience <c>alliance-internal</c>), on internal gRPC methods.</summary>
    public const string Internal = "Internal";
}

/// <summary>The named policies every service shares; object-level rules are each service's own policies.</summary>
public static class Policies
{
    /// <summary>A signed-in person (a token whose subject is an account id, not a partner system).</summary>
    public const string Person = "person";

    /// <summary>A person whose token carries the <c>volunteer</c> role (granted by <c>VolunteerVerified</c>).</summary>
    public const string Volunteer = "volunteer";

    /// <summary>A grid worker, community admin or street admin; the object's scope is checked by the endpoint.</summary>
    public const string Admin = "admin";

    /// <summary>A service's own token (audience <c>alliance-internal</c>); <see cref="InternalCallersAttribute"/> names which services.</summary>
    public const string Internal = "internal";

    /// <summary>A signed-in person with the <c>operator</c> role: the operators' routes on a service's own port.</summary>
    public const string Operator = "operator";
}
