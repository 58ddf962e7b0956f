using System.Diagnostics;
using Alliance.Messaging.DueWork;
using Alliance.Messaging.Inbox;
using MassTransit;

namespace Alliance.Messaging.Tests;

/// <summary>Fails on notes marked "poison" until the fault is "fixed".</summary>
public sealed class PoisonSwitch
{
    private volatile bool isFixed;

    public bool Fixed { get => isFixed; set => isFixed = value; }
}

/// <summary>A consumer through the inbox: its effect must happen once per message.</summary>
public sealed class ThingConsumer(TestDb db, Inbox<TestDb> inbox, PoisonSwitch poison) : IConsumer<ThingHappened>
{
    public Task Consume(ConsumeContext<ThingHappened> context) =>
        inbox.HandleOnceAsync(context, nameof(ThingConsumer), _ =>
        {
            if (context.Message.Note == "poison" && !poison.Fixed)
            {
                throw new InvalidOperationException("This message cannot be handled until the fault is fixed.");
            }

            if (context.Message.Note == "never")
            {
                throw new Faults.PermanentMessageException("This thing can never be handled: it names nothing.");
            }

            db.Effects.Add(new Effect
            {
                ThingId = context.Message.ThingId,
                MessageId = context.MessageId,
                Consumer = nameof(ThingConsumer),
                TraceId = Activity.Current?.TraceId.ToString(),
            });
            return Task.CompletedTask;
        });
}

/// <summary>Records every delivery, without an inbox: shows how often the broker delivered.</summary>
public sealed class DeliveryRecorder(TestDb db) : IConsumer<ThingHappened>
{
    public async Task Consume(ConsumeContext<ThingHappened> context)
    {
        db.Effects.Add(new Effect { ThingId = context.Message.ThingId, MessageId = context.MessageId, Consumer = nameof(DeliveryRecorder) });
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>Due work that records its key; it fails for keys starting "fail" until the fault is fixed.</summary>
public sealed class RecordingHandler(TestDb db, PoisonSwitch poison) : IDueWorkHandler
{
    public const string KindName = "test-record";

    public string Kind => KindName;

    public Task HandleAsync(DueWorkItem item, CancellationToken ct)
    {
        if (item.Key.StartsWith("fail", StringComparison.Ordinal) && !poison.Fixed)
        {
            throw new InvalidOperationException("Not yet.");
        }

        if (item.Key.StartsWith("never", StringComparison.Ordinal))
        {
            throw new Faults.PermanentMessageException("This item names nothing that exists.");
        }

        db.Effects.Add(new Effect { ThingId = Guid.Parse(item.Key[^36..]), Consumer = KindName });
        return Task.CompletedTask;
    }
}
