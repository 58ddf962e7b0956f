using Alliance.Contracts.Merchants;
using Alliance.Contracts.Volunteers;
using Alliance.Identity.Data;
using Alliance.Messaging.Inbox;
using Alliance.ServiceDefaults.Security;
using MassTransit;

namespace Alliance.Identity.RoleGrants;

/// <summary>
/// Applies a role change that follows another service's fact, once per event (the inbox), in the
/// same transaction as the inbox row. An event about an account Identity does not know is logged
/// and dropped: no retry would make that account appear.
/// </summary>
internal sealed class RoleEffects(IdentityDbContext db, Inbox<IdentityDbContext> inbox, ILogger<RoleEffects> logger)
{
    public Task ApplyOnceAsync<TEvent>(ConsumeContext<TEvent> context, string consumer, Guid accountId, Func<AccountRoles, RoleChange> change)
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

            var applied = change(roles);
            await db.StageAsync(accountId, applied, ct);
            logger.LogInformation("{Event} {EventId}: account {AccountId} {Change} {Role}", typeof(TEvent).Name, context.MessageId, accountId,
                applied.IsNone ? "already had the change of" : "changed in", applied.Role);
        });
}

internal sealed class VolunteerVerifiedConsumer(RoleEffects effects) : IConsumer<VolunteerVerified>
{
    public Task Consume(ConsumeContext<VolunteerVerified> context) =>
        effects.ApplyOnceAsync(context, nameof(VolunteerVerifiedConsumer), context.Message.VolunteerId, roles => roles.Grant(Roles.Volunteer, []));
}

internal sealed class VolunteerVerificationRevokedConsumer(RoleEffects effects) : IConsumer<VolunteerVerificationRevoked>
{
    public Task Consume(ConsumeContext<VolunteerVerificationRevoked> context) =>
        effects.ApplyOnceAsync(context, nameof(VolunteerVerificationRevokedConsumer), context.Message.VolunteerId, roles => roles.Revoke(Roles.Volunteer, null));
}

internal sealed class MerchantStaffAddedConsumer(RoleEffects effects) : IConsumer<MerchantStaffAdded>
{
    public Task Consume(ConsumeContext<MerchantStaffAdded> context) =>
        effects.ApplyOnceAsync(context, nameof(MerchantStaffAddedConsumer), context.Message.AccountId,
            roles => roles.Grant(Roles.MerchantStaff, [context.Message.MerchantId.ToString()]));
}

internal sealed class MerchantStaffRemovedConsumer(RoleEffects effects) : IConsumer<MerchantStaffRemoved>
{
    public Task Consume(ConsumeContext<MerchantStaffRemoved> context) =>
        effects.ApplyOnceAsync(context, nameof(MerchantStaffRemovedConsumer), context.Message.AccountId,
            roles => roles.Revoke(Roles.MerchantStaff, [context.Message.MerchantId.ToString()]));
}
