using Alliance.Contracts.Events;

namespace Alliance.Contracts.Merchants;

/// <summary>A resident or volunteer booked a merchant's free service or discount (one unit of its quota); the merchant's staff serve it.</summary>
public sealed record OfferBooked(Guid EventId, DateTimeOffset OccurredAt, Guid? CorrelationId, Guid BookingId, Guid OfferId, Guid MerchantId, Guid ResidentId) : IIntegrationEvent;
