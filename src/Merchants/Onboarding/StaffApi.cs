using System.Security.Claims;
using Alliance.Contracts.Merchants;
using Alliance.Merchants.Data;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Merchants.Onboarding;

internal sealed record AddStaffRequest([RequiredField] Guid? AccountId);

/// <summary>A staff member with their display name (null when Identity did not answer; the placeholder for one who erased their data).</summary>
internal sealed record StaffMemberResponse(Guid AccountId, string? AccountName, DateTimeOffset AddedAt);

internal sealed record StaffInvitationResponse(Guid Id, Guid MerchantId, Guid AccountId, Guid? InvitedBy, DateTimeOffset InvitedAt, string Status, DateTimeOffset? AnsweredAt)
{
    public static StaffInvitationResponse From(StaffInvitation invitation) => new(
        invitation.Id, invitation.MerchantId, invitation.AccountId, invitation.InvitedBy, invitation.InvitedAt,
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(invitation.Status.ToString()), invitation.AnsweredAt);
}

/// <summary>
/// A verified merchant's staff accounts, by account id; Identity asks Merchants whenever they change.
/// Staff and the partner system invite, and the person joins only by accepting; a street admin adds directly.
/// </summary>
internal static class StaffApi
{
    public const string AlreadyStaff = "already_staff";
    public const string AlreadyInvited = "already_invited";
    public const string NotStaff = "staff_not_found";
    public const string LastStaffMember = "last_staff_member";
    public const string InvitationNotFound = "invitation_not_found";
    public const string InvitationAnswered = "invitation_answered";
    public const string InvitationWithdrawn = "invitation_withdrawn";

    public static RouteGroupBuilder MapStaffApi(this RouteGroupBuilder merchants)
    {
        var staff = merchants.MapGroup("/{id:guid}/staff").WithTags("Merchant staff")
            .Access(AccessClass.Owner);

        staff.MapGet("/", ListAsync)
            .WithName("ListMerchantStaff")
            .WithSummary("The merchant's staff accounts, for its staff and its partner system.")
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantsApi.MerchantNotFound);

        staff.MapPost("/invitations", InviteAsync)
            .WithName("InviteMerchantStaff")
            .WithSummary("The merchant's staff or its partner system invite a person (by account id) to its staff (201, status pending). "
                + "Nothing changes for the person until they accept. A person already on the staff or already invited (a pending "
                + "invitation), or a business that is not verified, is a conflict.")
            .NamesPeople("accountId")
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantsApi.MerchantNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, MerchantsApi.NotVerified, AlreadyStaff, AlreadyInvited);

        staff.MapDelete("/invitations/{invitationId:guid}", WithdrawAsync)
            .WithName("WithdrawMerchantStaffInvitation")
            .WithSummary("The merchant's staff or its partner system take back a pending invitation (200, status withdrawn); the person "
                + "can no longer accept it. One already answered is a conflict.")
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantsApi.MerchantNotFound, InvitationNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, InvitationAnswered);

        staff.MapGet("/invitations", ListInvitationsAsync)
            .WithName("ListMerchantStaffInvitations")
            .WithSummary("The merchant's staff invitations, newest first, pending and answered, for its staff and its partner system.")
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantsApi.MerchantNotFound);

        merchants.MapPost("/{id:guid}/staff", AddAsync).WithTags("Merchant staff")
            .WithName("AddMerchantStaff")
            .WithSummary("A street admin adds a person (by account id) to a verified merchant's staff directly (after checking with them "
                + "in person): MerchantStaffAdded, and Identity grants merchant-staff with this merchant_id at their next login. "
                + "Staff and partner systems invite instead, and other admins are refused. A business that is not verified, or a "
                + "person already on its staff, is a conflict.")
            .Access(AccessClass.ScopedAdmin)
            .NamesPeople("accountId")
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, MerchantDecisionsApi.StreetAdminOnly)
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantsApi.MerchantNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, MerchantsApi.NotVerified, AlreadyStaff);

        // The invited person answers: their invitation is theirs, not the merchant's.
        var invitation = merchants.MapGroup("/{id:guid}/staff/invitations/{invitationId:guid}").WithTags("Merchant staff")
            .Access(AccessClass.Owner);
        invitation.MapPost("/acceptance", (Guid id, Guid invitationId, ClaimsPrincipal caller, MerchantsDbContext db, TimeProvider time, ILogger<StaffInvitation> logger, CancellationToken ct) =>
                AnswerAsync(id, invitationId, true, caller, db, time, logger, ct))
            .WithName("AcceptMerchantStaffInvitation")
            .WithSummary("The invited person accepts and joins the staff: MerchantStaffAdded, and Identity grants merchant-staff at their next "
                + "login. Anyone else is told it is not found. An invitation already answered, a business not verified now, or one "
                + "withdrawn because whoever invited has left the staff (or the partner system was revoked since) is a conflict.")
            .ProducesProblems(StatusCodes.Status404NotFound, InvitationNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, InvitationAnswered, MerchantsApi.NotVerified, InvitationWithdrawn, AlreadyStaff);
        invitation.MapPost("/declination", (Guid id, Guid invitationId, ClaimsPrincipal caller, MerchantsDbContext db, TimeProvider time, ILogger<StaffInvitation> logger, CancellationToken ct) =>
                AnswerAsync(id, invitationId, false, caller, db, time, logger, ct))
            .WithName("DeclineMerchantStaffInvitation")
            .WithSummary("The invited person declines; the merchant may invite them again. Anyone else is told it is not found.")
            .ProducesProblems(StatusCodes.Status404NotFound, InvitationNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, InvitationAnswered);

        merchants.MapGet("/staff-invitations/mine", MineAsync).WithTags("Merchant staff")
            .WithName("ListMyMerchantStaffInvitations")
            .WithSummary("The signed-in person's pending invitations to merchants' staff, newest first.")
            .Access(AccessClass.SignedIn);

        staff.MapDelete("/{accountId:guid}", RemoveAsync)
            .WithName("RemoveMerchantStaff")
            .WithSummary("Removes a staff member: MerchantStaffRemoved, and Identity takes this merchant_id back. A merchant never "
                + "loses its last person, and a business that is not verified now changes no staff.")
            .ProducesProblems(StatusCodes.Status404NotFound, MerchantsApi.MerchantNotFound, NotStaff)
            .ProducesProblems(StatusCodes.Status409Conflict, MerchantsApi.NotVerified, LastStaffMember);
        return merchants;
    }

    private static async Task<Results<Ok<IReadOnlyList<StaffMemberResponse>>, ProblemHttpResult>> ListAsync(
        Guid id, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization, DisplayNames displayNames, CancellationToken ct)
    {
        if (await FindOwnAsync(id, caller, db, authorization, ct) is null)
        {
            return NotFound();
        }

        var staff = await db.Staff.AsNoTracking().Where(s => s.MerchantId == id).OrderBy(s => s.AddedAt).ToListAsync(ct);
        var names = await displayNames.ForAsync(staff.Select(s => s.AccountId), ct);
        return TypedResults.Ok<IReadOnlyList<StaffMemberResponse>>([.. staff.Select(s => new StaffMemberResponse(s.AccountId, names.NameOf(s.AccountId), s.AddedAt))]);
    }

    private static async Task<Results<Created<StaffMemberResponse>, ProblemHttpResult>> AddAsync(
        Guid id, AddStaffRequest request, ClaimsPrincipal caller, MerchantsDbContext db, DisplayNames displayNames,
        TimeProvider time, ILogger<MerchantStaffMember> logger, CancellationToken ct)
    {
        if (!caller.IsStreetAdmin())
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, MerchantDecisionsApi.StreetAdminOnly,
                "Only a street admin adds staff directly; the merchant's staff invite, and the person accepts.");
        }

        if (request.AccountId is not { } accountId || accountId == Guid.Empty)
        {
            return ApiProblems.Validation(new FieldErrors().Add("accountId", "required"));
        }

        var merchant = await db.Merchants.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (merchant is null)
        {
            return ApiProblems.NotFound(MerchantsApi.MerchantNotFound, "No business has this id.");
        }

        if (!merchant.IsVerified)
        {
            return ApiProblems.Conflict(MerchantsApi.NotVerified, "Only a verified business has staff.");
        }

        var now = time.GetUtcNow();
        if (!await TryJoinAsync(db, id, accountId, caller.AccountId(), now, ct))
        {
            return ApiProblems.Conflict(AlreadyStaff, "This person is already on the staff.");
        }

        logger.LogInformation("Staff {AccountId} added to merchant {MerchantId} by street admin {AdminId}", accountId, id, caller.AccountId());
        return TypedResults.Created($"/merchants/{id}/staff/{accountId}", new StaffMemberResponse(accountId, (await displayNames.ForAsync([accountId], ct)).NameOf(accountId), now));
    }

    private static async Task<Results<Created<StaffInvitationResponse>, ProblemHttpResult>> InviteAsync(
        Guid id, AddStaffRequest request, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization,
        TimeProvider time, ILogger<StaffInvitation> logger, CancellationToken ct)
    {
        if (request.AccountId is not { } accountId || accountId == Guid.Empty)
        {
            return ApiProblems.Validation(new FieldErrors().Add("accountId", "required"));
        }

        var merchant = await FindOwnAsync(id, caller, db, authorization, ct);
        if (merchant is null)
        {
            return NotFound();
        }

        if (!merchant.IsVerified)
        {
            return ApiProblems.Conflict(MerchantsApi.NotVerified, "Only a verified business has staff.");
        }

        if (await db.Staff.AnyAsync(s => s.MerchantId == id && s.AccountId == accountId, ct))
        {
            return ApiProblems.Conflict(AlreadyStaff, "This person is already on the staff.");
        }

        var invitation = StaffInvitation.Invite(id, accountId, caller.AccountId(), time.GetUtcNow());
        db.StaffInvitations.Add(invitation);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(StaffInvitation.UniquePendingIndex))
        {
            return ApiProblems.Conflict(AlreadyInvited, "This person has a pending invitation already.");
        }

        logger.LogInformation("Account {AccountId} invited to the staff of merchant {MerchantId} by {InvitedBy}",
            accountId, id, (object?)caller.AccountId() ?? "its partner system");
        return TypedResults.Created($"/merchants/{id}/staff/invitations/{invitation.Id}", StaffInvitationResponse.From(invitation));
    }

    private static async Task<Results<Ok<StaffInvitationResponse>, ProblemHttpResult>> WithdrawAsync(
        Guid id, Guid invitationId, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization,
        TimeProvider time, ILogger<StaffInvitation> logger, CancellationToken ct)
    {
        if (await FindOwnAsync(id, caller, db, authorization, ct) is null)
        {
            return NotFound();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var invitation = await LockInvitationAsync(db, id, invitationId, ct);
        if (invitation is null)
        {
            return ApiProblems.NotFound(InvitationNotFound, "This business has no invitation with this id.");
        }

        if (!invitation.Withdraw(time.GetUtcNow()))
        {
            return ApiProblems.Conflict(InvitationAnswered, $"This invitation was {invitation.Status.ToString().ToLowerInvariant()} already.");
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Invitation {InvitationId} to merchant {MerchantId} withdrawn", invitationId, id);
        return TypedResults.Ok(StaffInvitationResponse.From(invitation));
    }

    private static async Task<Results<Ok<IReadOnlyList<StaffInvitationResponse>>, ProblemHttpResult>> ListInvitationsAsync(
        Guid id, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        if (await FindOwnAsync(id, caller, db, authorization, ct) is null)
        {
            return NotFound();
        }

        var invitations = await db.StaffInvitations.AsNoTracking().Where(i => i.MerchantId == id)
            .OrderByDescending(i => i.InvitedAt).Take(200).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<StaffInvitationResponse>>(invitations.Select(StaffInvitationResponse.From).ToList());
    }

    private static async Task<Ok<IReadOnlyList<StaffInvitationResponse>>> MineAsync(ClaimsPrincipal caller, MerchantsDbContext db, CancellationToken ct)
    {
        var me = caller.RequireAccountId();
        var invitations = await db.StaffInvitations.AsNoTracking()
            .Where(i => i.AccountId == me && i.Status == StaffInvitationStatus.Pending)
            .OrderByDescending(i => i.InvitedAt).Take(100).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<StaffInvitationResponse>>(invitations.Select(StaffInvitationResponse.From).ToList());
    }

    private static async Task<Results<Ok<StaffInvitationResponse>, ProblemHttpResult>> AnswerAsync(
        Guid id, Guid invitationId, bool accept, ClaimsPrincipal caller, MerchantsDbContext db, TimeProvider time,
        ILogger<StaffInvitation> logger, CancellationToken ct)
    {
        var me = caller.AccountId();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var invitation = await LockInvitationAsync(db, id, invitationId, ct);
        if (invitation is null || me is null || invitation.AccountId != me)
        {
            return ApiProblems.NotFound(InvitationNotFound, "You have no invitation with this id.");
        }

        var now = time.GetUtcNow();
        if (!invitation.Answer(accept, now))
        {
            return ApiProblems.Conflict(InvitationAnswered, $"This invitation was {invitation.Status.ToString().ToLowerInvariant()} already.");
        }

        if (accept)
        {
            var merchant = await db.Merchants.AsNoTracking().FirstAsync(m => m.Id == id, ct);
            if (!merchant.IsVerified)
            {
                return ApiProblems.Conflict(MerchantsApi.NotVerified, "This business is not verified now; it has no staff to join.");
            }

            if (!await InviterStillActsAsync(db, invitation, ct))
            {
                return ApiProblems.Conflict(InvitationWithdrawn,
                    "Whoever invited you no longer acts for this business (left its staff, or its partner system was revoked); ask for a new invitation.");
            }

            // Made staff meanwhile (a street admin added them): the invitation is answered all the same.
            if (await db.Staff.AnyAsync(s => s.MerchantId == id && s.AccountId == invitation.AccountId, ct))
            {
                await db.SaveChangesAsync(ct);
            }
            else if (!await TryJoinAsync(db, id, invitation.AccountId, invitation.InvitedBy, now, ct))
            {
                return ApiProblems.Conflict(AlreadyStaff, "You are on this business's staff already.");
            }
        }
        else
        {
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        logger.LogInformation("Account {AccountId} {Answer} the invitation to merchant {MerchantId}", me, accept ? "accepted" : "declined", id);
        return TypedResults.Ok(StaffInvitationResponse.From(invitation));
    }

    /// <summary>The merchant's invitation, its row locked until the transaction ends (so an answer and a withdrawal cannot both win); null if it has none with this id.</summary>
    private static Task<StaffInvitation?> LockInvitationAsync(MerchantsDbContext db, Guid merchantId, Guid invitationId, CancellationToken ct) =>
        db.StaffInvitations
            .FromSql($"SELECT * FROM staff_invitations WHERE id = {invitationId} AND merchant_id = {merchantId} FOR UPDATE")
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// Whether the invitation's sender still acts for the merchant: a staff member still on its staff,
    /// or its partner system not revoked since (its issued client, <c>merchant-&lt;id&gt;</c>).
    /// </summary>
    private static async Task<bool> InviterStillActsAsync(MerchantsDbContext db, StaffInvitation invitation, CancellationToken ct) =>
        invitation.InvitedBy is { } staff
            ? await db.Staff.AnyAsync(s => s.MerchantId == invitation.MerchantId && s.AccountId == staff, ct)
            : !await db.Set<RevokedClient>().AnyAsync(
                r => r.ClientId == $"merchant-{invitation.MerchantId:N}" && r.RevokedAt >= invitation.InvitedAt, ct);

    /// <summary>Adds the person to the staff with MerchantStaffAdded (and saves whatever else is staged); false if they are staff already.</summary>
    private static async Task<bool> TryJoinAsync(MerchantsDbContext db, Guid merchantId, Guid accountId, Guid? addedBy, DateTimeOffset now, CancellationToken ct)
    {
        db.Staff.Add(MerchantStaffMember.Add(merchantId, accountId, addedBy, now));
        db.Publish(new MerchantStaffAdded(Guid.CreateVersion7(now), now, null, merchantId, accountId));
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(MerchantStaffMember.PrimaryKey))
        {
            return false;
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        Guid id, Guid accountId, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization,
        TimeProvider time, ILogger<MerchantStaffMember> logger, CancellationToken ct)
    {
        var merchant = await FindOwnAsync(id, caller, db, authorization, ct);
        if (merchant is null)
        {
            return NotFound();
        }

        if (!merchant.IsVerified)
        {
            return ApiProblems.Conflict(MerchantsApi.NotVerified, "A business that is not verified now (suspended, say) changes no staff.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The merchant's row, locked: two removals at once cannot both leave it without staff.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM merchants WHERE id = {id} FOR UPDATE", ct);
        var staff = await db.Staff.Where(s => s.MerchantId == id).ToListAsync(ct);
        if (staff.FirstOrDefault(s => s.AccountId == accountId) is not { } member)
        {
            return ApiProblems.NotFound(NotStaff, "This person is not on the staff.");
        }

        if (staff.Count == 1)
        {
            return ApiProblems.Conflict(LastStaffMember, "The last staff member cannot be removed.");
        }

        var now = time.GetUtcNow();
        db.Staff.Remove(member);
        db.Publish(new MerchantStaffRemoved(Guid.CreateVersion7(now), now, null, id, accountId));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Staff {AccountId} removed from merchant {MerchantId}", accountId, id);
        return TypedResults.NoContent();
    }

    /// <summary>The merchant, if the caller is its staff or its partner system; null otherwise, so others cannot tell it exists.</summary>
    internal static async Task<Merchant?> FindOwnAsync(Guid id, ClaimsPrincipal caller, MerchantsDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        var merchant = await db.Merchants.FirstOrDefaultAsync(m => m.Id == id, ct);
        return merchant is not null && await authorization.AllowsAsync(caller, merchant, MerchantPolicies.Staff) ? merchant : null;
    }

    private static ProblemHttpResult NotFound() => ApiProblems.NotFound(MerchantsApi.MerchantNotFound, "No business of yours has this id.");
}
