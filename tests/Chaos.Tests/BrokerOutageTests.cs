using Xunit;

namespace Alliance.Chaos.Tests;

/// <summary>
/// Fault 1: RabbitMQ stopped while residents confirm needs, for longer than the outbox's three
/// attempts (about a minute, after which it used to park events), then started again.
/// </summary>
[Trait("Category", "Chaos")]
[Collection(Faulting.Name)]
public sealed class BrokerOutageTests(ChaosSystem system)
{
    [Fact]
    public Task NeedsConfirmedWhileTheBrokerIsDown_AreAllCreditedOnce_WhenItComesBack() =>
        NeedConfirmationsUnderFault.RunAsync(system, "RabbitMQ stopped (docker stop/start)",
            faults => faults.StopContainerAsync("rabbitmq"), faults => faults.StartContainerAsync("rabbitmq"), TimeSpan.FromSeconds(75));
}
