using Alliance.Contracts.Needs;
using Alliance.Contracts.Volunteers;
using Alliance.Messaging.Inbox;
using Alliance.Notifications.Data;
using MassTransit;

namespace Alliance.Notifications.Notices;

/// <summary>
/// Tells the people who look after a place (the grid workers of the cell, the admins of the community;
/// <see cref="PlaceRoles"/>) what needs them: a claim the resident has not answered in time, a need
/// posted for an assisted resident there, a pairing's visit that is overdue.
/// </summary>
internal sealed class PlaceNoticesConsumer(Inbox<NotificationsDbContext> inbox, PlaceRoles places, NeedFacts needs, Notifier notifier)
    : IConsumer<NeedClaimEscalated>, IConsumer<NeedPosted>, IConsumer<PairingVisitOverdue>
{
    public Task Consume(ConsumeContext<NeedClaimEscalated> context) =>
        inbox.HandleOnceAsync(context, nameof(PlaceNoticesConsumer), async ct =>
        {
            var m = context.Message;
            var need = await needs.OfAsync(m.NeedId, ct);
            var about = new NoticeFacts(SubjectTypes.Need, m.NeedId)
            {
                Title = need.Title,
                OtherPerson = m.ClaimantKind == ClaimantKind.Volunteer ? m.ClaimantId : null,
                Urgent = need.Emergency,
            };
            await notifier.NotifyAsync(NoticeKinds.ClaimEscalated, about, await places.CaretakersAsync(m.CommunityId, m.GridId, ct), ct);
        });

    /// <summary>Only a need posted for someone else (an assisted resident, by a grid worker or admin); the one who posted it is not told.</summary>
    public Task Consume(ConsumeContext<NeedPosted> context) =>
        inbox.HandleOnceAsync(context, nameof(PlaceNoticesConsumer), async ct =>
        {
            var m = context.Message;
            if (m.PostedById is not { } poster || poster == m.RequesterId)
            {
                return;
            }

            var need = await needs.OfAsync(m.NeedId, ct);
            var about = new NoticeFacts(SubjectTypes.Need, m.NeedId) { Title = need.Title, OtherPerson = m.RequesterId, Urgent = m.Urgency == "emergency" };
            var caretakers = await places.CaretakersAsync(m.CommunityId, m.GridId, ct);
            await notifier.NotifyAsync(NoticeKinds.AssistedNeedPosted, about, caretakers.Where(c => c != poster), ct);
        });

    public Task Consume(ConsumeContext<PairingVisitOverdue> context) =>
        inbox.HandleOnceAsync(context, nameof(PlaceNoticesConsumer), async ct =>
        {
            var m = context.Message;
            var about = new NoticeFacts(SubjectTypes.Pairing, m.PairingId) { OtherPerson = m.VolunteerId, At = m.VisitDueAt };
            await notifier.NotifyAsync(NoticeKinds.PairingVisitOverdue, about, await places.CaretakersAsync(m.CommunityId, m.GridId, ct), ct);
        });
}
