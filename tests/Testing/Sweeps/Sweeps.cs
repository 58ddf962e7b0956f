using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliance.ServiceDefaults.Security;
using Xunit;

namespace Alliance.Testing.Sweeps;

/// <summary>
/// What a service's sweep needs to call its routes: route values of objects that belong to someone
/// else than the sweeping caller, a body per write route, and who may rightly call each write.
/// </summary>
public sealed class SweepSample
{
    /// <summary>
    /// Route values (<c>id</c>, <c>volunteerId</c>, ...) of objects owned by the sample's owner; every
    /// service has the operators' error-queue route, whose <c>queue</c> names no queue here.
    /// </summary>
    public Dictionary<string, string> RouteValues { get; } = new() { ["queue"] = "no-such-queue" };

    /// <summary>
    /// Route values for one route, over <see cref="RouteValues"/>, keyed "POST /volunteers/pairings/{pairingId:guid}/ending":
    /// for a write that would spoil the sample's object for the routes after it (ending what they act on).
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> RouteValuesOf { get; } = [];

    public IReadOnlyDictionary<string, string> ValuesFor(string route)
    {
        if (!RouteValuesOf.TryGetValue(route, out var own))
        {
            return RouteValues;
        }

        var values = new Dictionary<string, string>(RouteValues);
        foreach (var (name, value) in own)
        {
            values[name] = value;
        }

        return values;
    }

    /// <summary>A valid body per write route, keyed "POST /needs"; a write route without one is sent <c>{}</c>.</summary>
    public Dictionary<string, object> Bodies { get; } = [];

    /// <summary>Who may rightly call each write route that takes a body, for the mass-assignment sweep.</summary>
    public Dictionary<string, HttpClient> Writers { get; } = [];

    /// <summary>
    /// Controls for bound GET routes, keyed "GET /volunteers/{id:guid}": someone who may read the
    /// sample's object there, so a 404 to the stranger is known to be a refusal, not a missing object.
    /// </summary>
    public Dictionary<string, HttpClient> Readers { get; } = [];

    /// <summary>
    /// Tables only event consumers write. The test classes of a project share one broker, so another
    /// class's events land in them at any moment; "nothing changed" is judged without them.
    /// </summary>
    public List<string> EventFedTables { get; } = [];
}

/// <summary>
/// Sweeps generated from a service's route table, so a new route is covered without a new test:
/// access classes, anonymous calls, BOLA (another person's token on owner- and scope-bound routes)
/// and mass assignment.
/// </summary>
public static class Sweeps
{
    /// <summary>Body fields no caller may set: state, money, and the caller or owner.</summary>
    public static readonly IReadOnlyList<string> ForbiddenFields =
    [
        "id", "status", "points", "balance", "available", "reserved", "hours",
        "requesterId", "claimantId", "volunteerId", "leaderId", "ownerId", "accountId", "userId", "sub",
        "registeredBy", "createdBy", "verifiedBy", "confirmedBy", "postedBy", "merchantId",
    ];

    public static void EveryRouteDeclaresAnAccessClass(IServiceProvider services)
    {
        var routes = RouteTable.Of(services);
        Assert.NotEmpty(routes);
        var undeclared = routes.Where(r => r.Access is null).Select(r => r.ToString()).ToList();
        Assert.True(undeclared.Count == 0, $"Routes without an access class: {string.Join(", ", undeclared)}");
        // Internal routes are the operators': the gateway's rule that hides /<service>/admin/ keeps them in too.
        var exposed = routes.Where(r => r.Access is AccessClass.Internal && !System.Text.RegularExpressions.Regex.IsMatch(r.Pattern, "^/[a-z]+/admin/"))
            .Select(r => r.ToString()).ToList();
        Assert.True(exposed.Count == 0, $"Internal routes outside /<service>/admin/, which the gateway would route: {string.Join(", ", exposed)}");
    }

    /// <param name="servesGrpc">False for a service that answers no questions (Notifications): then it must map none.</param>
    public static void EveryGrpcMethodNamesItsCallers(IServiceProvider services, bool servesGrpc = true)
    {
        var methods = RouteTable.GrpcMethods(services);
        if (!servesGrpc)
        {
            Assert.Empty(methods);
            return;
        }

        Assert.NotEmpty(methods);
        var open = methods.Where(m => !m.Authorization.OfType<InternalCallersAttribute>().Any(a => a.Services.Count > 0) || m.AllowsAnonymous)
            .Select(m => m.Method).ToList();
        Assert.True(open.Count == 0, $"gRPC methods that name no calling services: {string.Join(", ", open)}");
    }

    /// <summary>Every route but the public ones refuses a call without a token with 401, and nothing changes.</summary>
    public static async Task AnonymousCallsAreRefusedAsync(IServiceProvider services, HttpClient anonymous, string database, SweepSample sample)
    {
        var before = await DatabaseFingerprint.TakeAsync(database, sample.EventFedTables);
        foreach (var route in RouteTable.Of(services).Where(r => r.Access is not AccessClass.Public))
        {
            using var response = await CallAsync(anonymous, route, sample);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route} without a token answered {(int)response.StatusCode}, not 401.");
        }

        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(database, sample.EventFedTables));
    }

    /// <summary>
    /// Every operators' route refuses a valid token without the <c>operator</c> role (a street admin's,
    /// a volunteer's) with 403, and nothing changes; an operator's token passes the door.
    /// </summary>
    public static async Task OperatorRoutesRefuseEveryoneElseAsync(IServiceProvider services, Func<string, HttpClient> withToken, string database, SweepSample sample)
    {
        var routes = RouteTable.Of(services).Where(r => r.Access is AccessClass.Internal).ToList();
        Assert.NotEmpty(routes);
        var before = await DatabaseFingerprint.TakeAsync(database, sample.EventFedTables);
        using (var admin = withToken(IdentityApp.MintToken(Guid.CreateVersion7(), [Roles.StreetAdmin, Roles.Volunteer])))
        {
            foreach (var route in routes)
            {
                using var response = await CallAsync(admin, route, sample);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route} with a street admin's token answered {(int)response.StatusCode}, not 403.");
            }
        }

        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(database, sample.EventFedTables));
        using var @operator = withToken(IdentityApp.MintToken(Guid.CreateVersion7(), [Roles.Operator]));
        foreach (var route in routes.Where(r => !r.IsWrite))
        {
            using var response = await CallAsync(@operator, route, sample);
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{route} refused an operator: {(int)response.StatusCode}.");
        }
    }

    /// <summary>
    /// Every route that takes a token refuses each forged one (expired, wrong issuer, wrong
    /// audience, alg=none, tampered signature, another key) and another service's internal token
    /// with 401 <c>invalid_token</c>; a minted token that is valid passes the same routes' door.
    /// The forged tokens claim street-admin, so a token check that only looked at claims would let them in.
    /// </summary>
    public static async Task BadTokensAreRefusedAsync(
        IServiceProvider services, Func<string, HttpClient> withToken, string database, SweepSample sample, string otherServiceToken)
    {
        var routes = RouteTable.Of(services).Where(r => r.Access is not AccessClass.Public).ToList();
        Assert.NotEmpty(routes);
        var subject = Guid.CreateVersion7();
        var bad = Enum.GetValues<TokenFlaw>().ToDictionary(f => f.ToString(), f => IdentityApp.ForgeToken(f, subject, [Roles.StreetAdmin, Roles.Volunteer]));
        bad["another service's internal token"] = otherServiceToken;
        var before = await DatabaseFingerprint.TakeAsync(database, sample.EventFedTables);
        foreach (var (flaw, token) in bad)
        {
            using var client = withToken(token);
            foreach (var route in routes)
            {
                using var response = await CallAsync(client, route, sample);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route} with a token ({flaw}) answered {(int)response.StatusCode}, not 401.");
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("invalid_token", problem.GetProperty("code").GetString());
            }
        }

        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(database, sample.EventFedTables));

        // The control: the same claims, validly signed, get past the token check on every route.
        using var valid = withToken(IdentityApp.MintToken(subject, [Roles.StreetAdmin, Roles.Volunteer]));
        foreach (var route in routes.Where(r => !r.IsWrite))
        {
            using var response = await CallAsync(valid, route, sample);
            Assert.True(response.StatusCode != HttpStatusCode.Unauthorized, $"{route} refused a valid token.");
        }
    }

    /// <summary>
    /// A partner system's valid token (no account id) on every route: where a person must call
    /// (signed-in, volunteer, admin and operators' routes) 403, on owner routes (a person's own, or
    /// objects of a merchant not the partner's) 403 or 404; never a 401 (the token is valid) nor a
    /// 5xx, and nothing changes.
    /// </summary>
    public static async Task PartnerTokensAreRefusedOnPersonsRoutesAsync(
        IServiceProvider services, Func<string, HttpClient> withToken, string database, SweepSample sample, string partnerToken)
    {
        var routes = RouteTable.Of(services).Where(r => r.Access is not AccessClass.Public).ToList();
        Assert.NotEmpty(routes);
        var before = await DatabaseFingerprint.TakeAsync(database, sample.EventFedTables);
        using var partner = withToken(partnerToken);
        foreach (var route in routes)
        {
            using var response = await CallAsync(partner, route, sample);
            var allowed = route.Access is AccessClass.Owner
                ? response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                : response.StatusCode is HttpStatusCode.Forbidden;
            Assert.True(allowed, $"{route} with a partner system's token answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(database, sample.EventFedTables));
    }

    /// <summary>
    /// Every owner- or scope-bound route, called with a token of someone who neither owns the
    /// sample's objects nor administers their scope, answers 403 or 404 and changes nothing.
    /// </summary>
    public static async Task<int> BolaAsync(IServiceProvider services, HttpClient stranger, string database, SweepSample sample)
    {
        var bound = RouteTable.Of(services).Where(r => r.Access is AccessClass.Owner or AccessClass.ScopedAdmin).ToList();
        foreach (var (key, reader) in sample.Readers)
        {
            var route = Assert.Single(bound, r => r.ToString() == key);
            using var allowed = await CallAsync(reader, route, sample);
            Assert.True(allowed.IsSuccessStatusCode, $"{route}: the control reader got {(int)allowed.StatusCode}, so the sample's object is not there to protect.");
        }

        var before = await DatabaseFingerprint.TakeAsync(database, sample.EventFedTables);
        foreach (var route in bound)
        {
            using var response = await CallAsync(stranger, route, sample);
            Assert.True(
                response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
                $"{route} with another person's token answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(database, sample.EventFedTables));
        return bound.Count;
    }

    /// <summary>No write's request type has a field that sets state, money, or names the caller or the object's owner.</summary>
    public static void RequestTypesCarryNoForbiddenFields(IServiceProvider services)
    {
        var offenders =
            from route in RouteTable.Of(services)
            where route.IsWrite && route.BodyType is not null
            from property in route.BodyType!.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            let name = JsonNamingPolicy.CamelCase.ConvertName(property.Name)
            where ForbiddenFields.Contains(name, StringComparer.OrdinalIgnoreCase) && !route.PeopleFields.Contains(name)
            select $"{route}: {name}";
        var list = offenders.ToList();
        Assert.True(list.Count == 0, $"Request fields a caller may not set: {string.Join(", ", list)}");
    }

    /// <summary>
    /// Every write that takes a body, sent by someone who may call it with the forbidden fields
    /// added, either refuses them (400) or ignores them: no injected value comes back.
    /// </summary>
    public static async Task InjectedFieldsAreIgnoredAsync(IServiceProvider services, SweepSample sample)
    {
        var someoneElse = Guid.CreateVersion7().ToString();
        foreach (var route in RouteTable.Of(services).Where(r => r.IsWrite && r.BodyType is not null && r.Access is not AccessClass.Internal))
        {
            var key = route.ToString();
            Assert.True(sample.Writers.TryGetValue(key, out var writer) && sample.Bodies.ContainsKey(key),
                $"{route}: the sweep's sample needs a writer and a body for this route.");
            var body = JsonSerializer.SerializeToNode(sample.Bodies[key])!.AsObject();
            foreach (var field in ForbiddenFields.Where(f => !route.PeopleFields.Contains(f) && !body.ContainsKey(f)))
            {
                body[field] = field switch
                {
                    "status" => "injected-status",
                    "points" or "balance" or "available" or "reserved" or "hours" => 987654,
                    _ => someoneElse,
                };
            }

            using var response = await writer!.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), route.PathWith(sample.ValuesFor(key))) { Content = JsonContent.Create(body) });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.BadRequest, $"{route} with forbidden fields answered {(int)response.StatusCode}: {text}");
            Assert.DoesNotContain(someoneElse, text, StringComparison.Ordinal);
            Assert.DoesNotContain("987654", text, StringComparison.Ordinal);
            Assert.DoesNotContain("injected-status", text, StringComparison.Ordinal);
        }
    }

    private static Task<HttpResponseMessage> CallAsync(HttpClient client, Route route, SweepSample sample)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), route.PathWith(sample.ValuesFor(route.ToString())));
        if (route.IsWrite)
        {
            request.Content = JsonContent.Create(sample.Bodies.TryGetValue(route.ToString(), out var body) ? body : new JsonObject());
        }

        // Headers first: a streaming route (Notifications' push stream) answers a valid caller with a body that never ends.
        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
