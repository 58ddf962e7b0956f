using Alliance.Messaging.Faults;
using MassTransit;

namespace Alliance.Messaging.Consuming;

/// <summary>
/// Inside the retry, around every consume attempt: waits while the <see cref="ConsumerGate"/> is
/// closed, and reports a fault that says the service's own database is away, so the gate's watcher
/// can stop consumption instead of letting every message use up its retries.
/// </summary>
internal sealed class ConsumerGateFilter(ConsumerGate gate) : IFilter<ConsumeContext>
{
    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        if (!gate.IsOpen)
        {
            await gate.WaitOpenAsync(context.CancellationToken);
        }

        try
        {
            await next.Send(context);
        }
        catch (Exception ex) when (TransientFaults.IsDatabaseAway(ex))
        {
            gate.ReportDatabaseFault();
            throw;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("consumer-gate");
}
