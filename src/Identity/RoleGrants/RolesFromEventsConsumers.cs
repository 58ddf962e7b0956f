using Alliance.Contracts.Merchants;
using Alliance.Contracts.Volunteers;
using Alliance.Identity.Data;
using Alliance.Messaging.Inbox;
using Alliance.ServiceDefaults.Security;
using MassTransit;

namespace Alliance.Identity.RoleGrants;

/// <summary>
/// Sets a role that another service owns to what that service says now. An event (granted or
/// revoked, in whatever order they arrive) only says when to ask: Identity asks the owner over gRPC
/// (<see cref="RoleOwners"/>) and grants or revokes to match, so a forged or stale event changes
/// nothing. Once per event (the inbox), in the inbox row's transaction, with the account's row locked
/// while the owner answers: two events about one account apply their answers in the order asked.
/// An event about an account Identity does not know is logged and dropped: no retry would make that
/// account appear. An owner that does not answer is a transient fault: the event waits for it.
/// </summary>
internal sealed class RoleEffects(IdentityDbContext db, Inbox<IdentityDbContext> inbox, ILogger<RoleEffects> logger)
{
    /// <param name="scope">The scope cell the owner answers about (a merchant id for merchant-staff), or null for a role without one.</param>
    /// <param name="ownerSays">Whether the owner says the account holds the role (in that cell) now.</param>
    public Task FollowOwnerAsync<TEvent>(
        ConsumeContext<TEvent> context, string consumer, Guid accountId, string role, string? scope, Func<CancellationToken, Task<bool>> ownerSays)
        where TEvent : class =>
        inbox.HandleOnceAsync(context, consumer, async ct =>
        {
            var roles = await db.LoadRolesAsync(accountId, ct);
            if (roles is null)
            {
                logger.LogWarning("{Event} {EventId} names account {AccountId}, which does not exist; ignored",
                    typeof(TEvent).Name, context.MessageId, accountId);
                return;
            }

            var holds = await ownerSays(ct);
            var cells = scope is null ? [] : new[] { scope };
            var applied = holds ? roles.Grant(role, cells) : roles.Revoke(role, scope is null ? null : cells);
            await db.StageAsync(accountId, applied, ct);
            logger.LogInformation("{Event} {EventId}: the owner says account {AccountId} {Holds} {Role} {Scope}; {Change}",
                typeof(TEvent).Name, context.MessageId, accountId, holds ? "holds" : "does not hold", role, scope,
                applied.IsNone ? "nothing to change" : "changed");
        });
}

internal sealed class VolunteerVerifiedConsumer(RoleEffects effects, RoleOwners owners) : IConsumer<VolunteerVerified>
{
    public Task Consume(ConsumeContext<VolunteerVerified> context) =>
        effects.FollowOwnerAsync(context, nameof(VolunteerVerifiedConsumer), context.Message.VolunteerId, Roles.Volunteer, null,
            ct => owners.IsVerifiedVolunteerAsync(context.Message.VolunteerId, ct));
}

internal sealed class VolunteerVerificationRevokedConsumer(RoleEffects effects, RoleOwners owners) : IConsumer<VolunteerVerificationRevoked>
{
    public Task Consume(ConsumeContext<VolunteerVerificationRevoked> context) =>
        effects.FollowOwnerAsync(context, nameof(VolunteerVerificationRevokedConsumer), context.Message.VolunteerId, Roles.Volunteer, null,
            ct => owners.IsVerifiedVolunteerAsync(context.Message.VolunteerId, ct));
}

internal sealed class MerchantStaffAddedConsumer(RoleEffects effects, RoleOwners owners) : IConsumer<MerchantStaffAdded>
{
    public Task Consume(ConsumeContext<MerchantStaffAdded> context) =>
        effects.FollowOwnerAsync(context, nameof(MerchantStaffAddedConsumer), context.Message.AccountId, Roles.MerchantStaff,
            context.Message.MerchantId.ToString(), ct => owners.IsStaffAsync(context.Message.MerchantId, context.Message.AccountId, ct));
}

internal sealed class MerchantStaffRemovedConsumer(RoleEffects effects, RoleOwners owners) : IConsumer<MerchantStaffRemoved>
{
    public Task Consume(ConsumeContext<MerchantStaffRemoved> context) =>
        effects.FollowOwnerAsync(context, nameof(MerchantStaffRemovedConsumer), context.Message.AccountId, Roles.MerchantStaff,
            context.Message.MerchantId.ToString(), ct => owners.IsStaffAsync(context.Message.MerchantId, context.Message.AccountId, ct));
}
