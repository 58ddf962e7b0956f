namespace Alliance.Contracts.Events;

/// <summary>
/// What every integration event carries. Events are immutable records named in the past tense
/// (<c>VolunteerRegistered</c>), with ids only: never a name, a phone or an address.
/// <para>
/// Changing one: add optional (nullable or defaulted) members only. Removing, renaming or retyping
/// a member, or moving the record to another namespace, breaks consumers: make a new type instead.
/// </para>
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>Unique per event; the outbox publishes it as the MessageId, and inboxes key on it.</summary>
    Guid EventId { get; }

    /// <summary>When the fact happened, in UTC.</summary>
    DateTimeOffset OccurredAt { get; }

    /// <summary>Ties the event to the request or process that caused it, if any.</summary>
    Guid? CorrelationId { get; }
}
