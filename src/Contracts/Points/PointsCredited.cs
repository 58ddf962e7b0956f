using Alliance.Contracts.Events;

namespace Alliance.Contracts.Points;

/// <summary>
/// Points credited a volunteer for certified service hours (a need or an activity, <paramref name="SourceId"/>):
/// <paramref name="EntryId"/> is the ledger entry, whose amount Points answers for. An erased volunteer's late
/// credit is booked under an anonymous id and raises no event.
/// </summary>
public sealed record PointsCredited(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid VolunteerId, Guid EntryId, Guid SourceId) : IIntegrationEvent;
