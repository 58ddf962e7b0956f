using Xunit;

namespace Alliance.Chaos.Tests;

/// <summary>
/// Fault 2: Points' database refuses every connection for 30 s (and its open ones are ended) while
/// NeedConfirmed events reach its consumers; Volunteers, on its own database, carries on.
/// </summary>
[Trait("Category", "Chaos")]
[Collection(Faulting.Name)]
public sealed class DatabaseRefusalTests(ChaosSystem system)
{
    [Fact]
    public Task CreditsArrivingWhilePointsDatabaseRefuses_WaitAndAreBookedOnce() =>
        NeedConfirmationsUnderFault.RunAsync(system, "pointsdb refusing connections (ALLOW_CONNECTIONS false)",
            faults => faults.RefuseConnectionsAsync("pointsdb"), faults => faults.AllowConnectionsAsync("pointsdb"), TimeSpan.FromSeconds(30));
}
