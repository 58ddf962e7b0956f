using Xunit;

namespace Alliance.Testing.Sweeps;

/// <summary>
/// The sweeps every service runs over its own route table: each route declares an access class,
/// each gRPC method names its callers, and every non-public route refuses forged tokens, another
/// service's token and anonymous calls, changing nothing. A service's <c>SweepTests</c> derives from
/// this, gives a sample of objects that belong to someone else, and adds its BOLA and mass-assignment sweeps.
/// </summary>
public abstract class SweepTests<TEntryPoint>(ServiceApp<TEntryPoint> app) where TEntryPoint : class
{
    [Fact]
    public void EveryRoute_DeclaresAnAccessClass() => Sweeps.EveryRouteDeclaresAnAccessClass(app.Host.Services);

    [Fact]
    public void EveryGrpcMethod_NamesTheServicesThatMayCallIt() => Sweeps.EveryGrpcMethodNamesItsCallers(app.Host.Services, ServesGrpc);

    [Fact]
    public async Task EveryNonPublicRoute_RefusesForgedTokens_AndAnotherServicesToken() =>
        await Sweeps.BadTokensAreRefusedAsync(app.Host.Services, app.WithToken, app.DatabaseConnectionString, await SampleAsync(), await ServiceTokenAsync());

    [Fact]
    public async Task EveryOperatorRoute_RefusesEveryoneWithoutTheOperatorRole() =>
        await Sweeps.OperatorRoutesRefuseEveryoneElseAsync(app.Host.Services, app.WithToken, app.DatabaseConnectionString, await SampleAsync());

    [Fact]
    public async Task EveryNonPublicRoute_RefusesAnonymousCalls() =>
        await Sweeps.AnonymousCallsAreRefusedAsync(app.Host.Services, app.Client, app.DatabaseConnectionString, await SampleAsync());

    [Fact]
    public async Task APartnerSystemsToken_IsRefusedWhereAPersonMustCall_AndNeverAnswers500() =>
        await Sweeps.PartnerTokensAreRefusedOnPersonsRoutesAsync(app.Host.Services, app.WithToken, app.DatabaseConnectionString, await SampleAsync(), await PartnerTokenAsync());

    /// <summary>Objects of someone other than the sweeping caller, a body per write route, and who may rightly write.</summary>
    protected abstract Task<SweepSample> SampleAsync();

    /// <summary>Whether the service answers internal gRPC at all; one that does not must map no method.</summary>
    protected virtual bool ServesGrpc => true;

    /// <summary>Another service's own token (audience alliance-internal), which no public route accepts.</summary>
    protected virtual Task<string> ServiceTokenAsync() => app.Identity.ServiceTokenAsync("points");

    /// <summary>A partner system's client_credentials token (audience alliance-api, no account id), bound to a merchant of no sample.</summary>
    protected virtual Task<string> PartnerTokenAsync() => app.Identity.PartnerTokenAsync();
}
