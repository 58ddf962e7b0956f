using Alliance.Contracts.Needs;
using Alliance.Messaging.Inbox;
using Alliance.Notifications.Data;
using MassTransit;

namespace Alliance.Notifications.Notices;

/// <summary>
/// Turns a need's events into notifications: the resident hears of every step, the claiming volunteer
/// of the answer to their claim. Through the inbox, so a redelivered event notifies once. A team's
/// claim names no one person to answer (its leader is Teams' to say), so it gets no volunteer notice yet.
/// </summary>
internal sealed class NeedNoticesConsumer(Inbox<NotificationsDbContext> inbox, NeedFacts facts, Notifier notifier)
    : IConsumer<NeedClaimed>, IConsumer<NeedClaimAccepted>, IConsumer<NeedClaimDeclined>, IConsumer<NeedStarted>,
        IConsumer<NeedCompleted>, IConsumer<NeedReleased>, IConsumer<NeedExpired>
{
    public Task Consume(ConsumeContext<NeedClaimed> context) =>
        NotifyAsync(context, context.Message.NeedId, (NoticeKinds.NeedClaimed, null, context.Message.VolunteerId));

    public Task Consume(ConsumeContext<NeedClaimAccepted> context)
    {
        var m = context.Message;
        var volunteer = VolunteerOf(m.ClaimantKind, m.ClaimantId);
        return NotifyAsync(context, m.NeedId, (NoticeKinds.NeedClaimAccepted, null, volunteer), (NoticeKinds.ClaimAccepted, volunteer, null));
    }

    public Task Consume(ConsumeContext<NeedClaimDeclined> context)
    {
        var m = context.Message;
        return NotifyAsync(context, m.NeedId, (NoticeKinds.ClaimDeclined, VolunteerOf(m.ClaimantKind, m.ClaimantId), null));
    }

    public Task Consume(ConsumeContext<NeedStarted> context) =>
        NotifyAsync(context, context.Message.NeedId, (NoticeKinds.NeedStarted, null, context.Message.StartedBy));

    public Task Consume(ConsumeContext<NeedCompleted> context) =>
        NotifyAsync(context, context.Message.NeedId, (NoticeKinds.NeedCompleted, null, null));

    public Task Consume(ConsumeContext<NeedReleased> context) =>
        NotifyAsync(context, context.Message.NeedId, (NoticeKinds.NeedReleased, null, null));

    public Task Consume(ConsumeContext<NeedExpired> context) =>
        NotifyAsync(context, context.Message.NeedId, (NoticeKinds.NeedExpired, null, null));

    private static Guid VolunteerOf(ClaimantKind kind, Guid claimant) => kind == ClaimantKind.Volunteer ? claimant : Guid.Empty;

    /// <summary>One notification per (kind, recipient): a null recipient is the need's requester, an empty one is no one.</summary>
    private Task<bool> NotifyAsync<T>(ConsumeContext<T> context, Guid needId, params (string Kind, Guid? Recipient, Guid? Other)[] notices)
        where T : class =>
        inbox.HandleOnceAsync(context, nameof(NeedNoticesConsumer), async ct =>
        {
            var need = await facts.OfAsync(needId, ct);
            foreach (var (kind, recipient, other) in notices)
            {
                var about = new NoticeFacts(SubjectTypes.Need, need.NeedId) { Title = need.Title, OtherPerson = other, Urgent = need.Emergency };
                await notifier.NotifyAsync(kind, about, recipient ?? need.RequesterId, ct);
            }
        });
}
