using System.Security.Claims;
using Alliance.Messaging.Outbox;
using Alliance.Needs.Board;
using Alliance.Needs.Data;
using Alliance.Needs.Timers;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Needs.Claims;

/// <summary>Claiming a need (a verified volunteer, or a team through its leader) and the claim's answers, before the work starts.</summary>
internal static class ClaimsApi
{
    public const string VolunteerNotFound = "volunteer_not_found";
    public const string VolunteerNotVerified = "volunteer_not_verified";
    public const string VolunteersUnavailable = "volunteers_unavailable";
    public const string TeamNotFound = "team_not_found";
    public const string NotTeamLeader = "not_team_leader";
    public const string TeamMembersOnly = "team_members_only";
    public const string TeamsUnavailable = "teams_unavailable";
    public const string NotMerchantStaff = "not_merchant_staff";
    public const string MerchantNotFound = "merchant_not_found";
    public const string MerchantNotVerified = "merchant_not_verified";
    public const string KindNotInTrade = "kind_not_in_trade";
    public const string MerchantsUnavailable = "merchants_unavailable";

    public static IEndpointRouteBuilder MapClaimsApi(this IEndpointRouteBuilder app)
    {
        var needs = app.MapGroup("/needs/{id:guid}").WithTags("Needs");

        needs.MapPost("/claims", ClaimAsync)
            .WithName("ClaimNeed")
            .WithSummary("Claims an open need as the signed-in verified volunteer, or for a team the caller leads (teamId); exactly one claim wins.")
            .Access(AccessClass.Volunteer)
            .NamesPeople("teamId")
            .ProducesProblems(StatusCodes.Status403Forbidden, NotTeamLeader)
            .ProducesProblems(StatusCodes.Status404NotFound, NeedCodes.NeedNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NeedCodes.NeedAlreadyClaimed)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, NeedCodes.OwnNeed, TeamNotFound, VolunteerNotFound, VolunteerNotVerified)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, TeamsUnavailable, VolunteersUnavailable);

        needs.MapPost("/merchant-claims", MerchantClaimAsync)
            .WithName("ClaimNeedForMerchant")
            .WithSummary("A merchant's staff claim an open need for their merchant, which Merchants says is verified with the need's kind in its trade; exactly one claim wins. The merchant's work names no helpers and earns neither hours nor points.")
            .Access(AccessClass.SignedIn)
            .NamesPeople("merchantId")
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, NotMerchantStaff)
            .ProducesProblems(StatusCodes.Status404NotFound, NeedCodes.NeedNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NeedCodes.NeedAlreadyClaimed)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, NeedCodes.OwnNeed, MerchantNotFound, MerchantNotVerified, KindNotInTrade)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, MerchantsUnavailable);

        needs.MapPut("/helpers", AssignHelpersAsync)
            .WithName("AssignNeedHelpers")
            .WithSummary("The claiming team's leader names the members who go (members of the team only), before the work starts.")
            .Access(AccessClass.Owner)
            .NamesPeople("volunteerIds")
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, NeedCodes.NotNeedClaimant)
            .ProducesProblems(StatusCodes.Status404NotFound, NeedCodes.NeedNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NeedCodes.NotATeamClaim, NeedCodes.HelpersFixed)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, TeamMembersOnly, NeedCodes.MoreHelpersThanNeeded, NeedCodes.CannotHelpOwnNeed)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, TeamsUnavailable);

        needs.MapPost("/acceptance", AcceptAsync)
            .WithName("AcceptClaim")
            .WithSummary("The requester (or, for an assisted resident, a grid worker of the need's grid, never one who claimed) accepts the claimant.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status403Forbidden, NeedCodes.NotNeedRequester)
            .ProducesProblems(StatusCodes.Status404NotFound, NeedCodes.NeedNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NeedCodes.NeedNotClaimed)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, NeedCodes.CannotAcceptOwnClaim);

        needs.MapPost("/declination", DeclineAsync)
            .WithName("DeclineClaim")
            .WithSummary("The requester (or a grid worker for an assisted resident) declines the claimant; the need goes back to the board.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status403Forbidden, NeedCodes.NotNeedRequester)
            .ProducesProblems(StatusCodes.Status404NotFound, NeedCodes.NeedNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NeedCodes.NeedNotClaimed);

        needs.MapPost("/release", ReleaseAsync)
            .WithName("ReleaseNeed")
            .WithSummary("The claimant lets the need go before starting; it goes back to the board.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status403Forbidden, NeedCodes.NotNeedClaimant)
            .ProducesProblems(StatusCodes.Status404NotFound, NeedCodes.NeedNotFound)
            .ProducesProblems(StatusCodes.Status409Conflict, NeedCodes.NeedNotReleasable);

        return app;
    }

    private static async Task<Results<Created<NeedResponse>, ProblemHttpResult>> ClaimAsync(
        Guid id, [FromBody] ClaimRequest? request, ClaimsPrincipal caller, NeedsDbContext db, VolunteerDirectory volunteers, TeamDirectory teams,
        NeedTimerOptions timers, TimeProvider time, ILogger<ClaimRequest> logger, CancellationToken ct)
    {
        var callerId = caller.RequireAccountId();
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null)
        {
            return NeedResults.NotFound();
        }

        // Before asking Volunteers or Teams: the need's own side never claims it, whoever answers.
        if (need.OwnNeedRefusal(callerId) is { } own)
        {
            return NeedResults.Refused(own);
        }

        if (need.Status != NeedStatus.Open)
        {
            return AlreadyClaimed();
        }

        if (request?.TeamId is { } teamId)
        {
            switch (await teams.LeadsAsync(teamId, callerId, ct))
            {
                case TeamLookup.TeamNotFound:
                    return ApiProblems.Unprocessable(TeamNotFound, "No team has this teamId.");
                case TeamLookup.No:
                    return NeedResults.Forbidden(NotTeamLeader, "Only the team's leader or a deputy claims for the team.");
                case TeamLookup.Unavailable:
                    return TeamsDown();
            }
        }
        else
        {
            switch (await volunteers.VerifyAsync(callerId, ct))
            {
                case VolunteerLookup.NotFound:
                    return ApiProblems.Unprocessable(VolunteerNotFound, "You are not registered with Volunteers.");
                case VolunteerLookup.NotVerified:
                    return ApiProblems.Unprocessable(VolunteerNotVerified, "Only a verified volunteer may claim a need.");
                case VolunteerLookup.Unavailable:
                    return ApiProblems.Unavailable(VolunteersUnavailable, "The Volunteers service did not answer in time; retry later.");
            }
        }

        var now = time.GetUtcNow();
        var refusal = request?.TeamId is { } team ? need.ClaimForTeam(team, callerId, now) : need.ClaimForVolunteer(callerId, now);
        if (refusal is not null)
        {
            return NeedResults.Refused(refusal);
        }

        db.Publish(NeedMessages.Claimed(need, now));
        NeedTimers.AfterClaim(db, need, timers);
        if (!await NeedResults.TrySaveAsync(db, ct))
        {
            return AlreadyClaimed();
        }

        logger.LogInformation("Need {NeedId} claimed by {ClaimantKind} {ClaimantId}", need.Id, need.ClaimantKind, need.ClaimantId);
        return TypedResults.Created($"/needs/{need.Id}", NeedResponse.From(need, showRequester: false));
    }

    private static async Task<Results<Created<NeedResponse>, ProblemHttpResult>> MerchantClaimAsync(
        Guid id, MerchantClaimRequest request, ClaimsPrincipal caller, NeedsDbContext db, MerchantDirectory merchants,
        NeedTimerOptions timers, TimeProvider time, ILogger<ClaimRequest> logger, CancellationToken ct)
    {
        if (request.MerchantId is not { } merchantId || merchantId == Guid.Empty)
        {
            return ApiProblems.Validation(new FieldErrors().Add("merchantId", "required"));
        }

        if (!NeedPolicies.IsStaffOf(caller, merchantId))
        {
            return NeedResults.Forbidden(NotMerchantStaff, "Only the merchant's own staff claim a need for it.");
        }

        var staffId = caller.RequireAccountId();
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null)
        {
            return NeedResults.NotFound();
        }

        if (need.OwnNeedRefusal(staffId) is { } own)
        {
            return NeedResults.Refused(own);
        }

        if (need.Status != NeedStatus.Open)
        {
            return AlreadyClaimed();
        }

        switch (await merchants.MayClaimAsync(merchantId, need.KindId, ct))
        {
            case MerchantLookup.NotFound:
                return ApiProblems.Unprocessable(MerchantNotFound, "Merchants knows no merchant with this id.");
            case MerchantLookup.NotVerified:
                return ApiProblems.Unprocessable(MerchantNotVerified, "Only a verified merchant may claim a need.");
            case MerchantLookup.KindNotInTrade:
                return ApiProblems.Unprocessable(KindNotInTrade, $"The need's kind ({need.KindId}) is not in the merchant's trade.");
            case MerchantLookup.Unavailable:
                return ApiProblems.Unavailable(MerchantsUnavailable, "The Merchants service did not answer in time; retry later.");
        }

        var now = time.GetUtcNow();
        if (need.ClaimForMerchant(merchantId, staffId, now) is { } refusal)
        {
            return NeedResults.Refused(refusal);
        }

        db.Publish(NeedMessages.Claimed(need, now));
        NeedTimers.AfterClaim(db, need, timers);
        if (!await NeedResults.TrySaveAsync(db, ct))
        {
            return AlreadyClaimed();
        }

        logger.LogInformation("Need {NeedId} claimed by merchant {MerchantId} through {StaffId}", need.Id, merchantId, staffId);
        return TypedResults.Created($"/needs/{need.Id}", NeedResponse.From(need, showRequester: false));
    }

    private static async Task<Results<Ok<NeedResponse>, ProblemHttpResult>> AssignHelpersAsync(
        Guid id, AssignHelpersRequest request, ClaimsPrincipal caller, NeedsDbContext db, IAuthorizationService authorization, TeamDirectory teams,
        TimeProvider time, ILogger<ClaimRequest> logger, CancellationToken ct)
    {
        var ids = request.VolunteerIds ?? [];
        var errors = new FieldErrors();
        errors.Check(ids.Count is >= 1 and <= NeedDraft.MaxHelpers, "volunteerIds", "out_of_range");
        errors.Check(ids.Distinct().Count() == ids.Count, "volunteerIds", "duplicate");
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null)
        {
            return NeedResults.NotFound();
        }

        if (!await authorization.AllowsAsync(caller, need, NeedPolicies.Claimant))
        {
            return NotClaimant();
        }

        if (need.TeamId is { } teamId)
        {
            var (lookup, members) = await teams.MembersAsync(teamId, ct);
            if (lookup == TeamLookup.Unavailable)
            {
                return TeamsDown();
            }

            if (!ids.All(members.Contains))
            {
                return ApiProblems.Unprocessable(TeamMembersOnly, "Only the team's members can be assigned.");
            }
        }

        if (need.AssignHelpers(ids) is { } refusal)
        {
            return NeedResults.Refused(refusal);
        }

        db.Publish(NeedMessages.HelpersAssigned(need, ids, caller.RequireAccountId(), time.GetUtcNow()));

        if (!await NeedResults.TrySaveAsync(db, ct))
        {
            return NeedResults.Changed(NeedCodes.HelpersFixed);
        }

        logger.LogInformation("Need {NeedId}: {Count} members assigned", need.Id, ids.Count);
        return TypedResults.Ok(NeedResponse.From(need, showRequester: false));
    }

    private static async Task<Results<Ok<NeedResponse>, ProblemHttpResult>> AcceptAsync(
        Guid id, ClaimsPrincipal caller, NeedsDbContext db, IAuthorizationService authorization,
        NeedTimerOptions timers, TimeProvider time, CancellationToken ct)
    {
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null)
        {
            return NeedResults.NotFound();
        }

        if (!await authorization.AllowsAsync(caller, need, NeedPolicies.Answerer))
        {
            return NotRequester();
        }

        var now = time.GetUtcNow();
        var by = NeedActor.Of(caller);
        if (need.Accept(by, now) is { } refusal)
        {
            return NeedResults.Refused(refusal);
        }

        db.Publish(NeedMessages.Accepted(need, by.Id, now));
        NeedTimers.AfterAcceptance(db, need, timers);
        return await NeedResults.TrySaveAsync(db, ct) ? TypedResults.Ok(NeedResponse.From(need, showRequester: true)) : NeedResults.Changed(NeedCodes.NeedNotClaimed);
    }

    private static async Task<Results<Ok<NeedResponse>, ProblemHttpResult>> DeclineAsync(
        Guid id, ClaimsPrincipal caller, NeedsDbContext db, IAuthorizationService authorization, TimeProvider time,
        CancellationToken ct)
    {
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null)
        {
            return NeedResults.NotFound();
        }

        if (!await authorization.AllowsAsync(caller, need, NeedPolicies.Answerer))
        {
            return NotRequester();
        }

        var now = time.GetUtcNow();
        var claimant = need.Status == NeedStatus.Claimed ? NeedMessages.ClaimantOf(need) : default;
        if (need.Decline(now) is { } refusal)
        {
            return NeedResults.Refused(refusal);
        }

        db.Publish(new Contracts.Needs.NeedClaimDeclined(Guid.CreateVersion7(now), now, null, need.Id, need.RequesterId, claimant.Kind, claimant.Id, caller.RequireAccountId()));
        NeedTimers.AfterReopening(db, need, now);
        return await NeedResults.TrySaveAsync(db, ct) ? TypedResults.Ok(NeedResponse.From(need, showRequester: true)) : NeedResults.Changed(NeedCodes.NeedNotClaimed);
    }

    private static async Task<Results<Ok<NeedResponse>, ProblemHttpResult>> ReleaseAsync(
        Guid id, ReleaseRequest? request, ClaimsPrincipal caller, NeedsDbContext db, IAuthorizationService authorization, TimeProvider time, CancellationToken ct)
    {
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null)
        {
            return NeedResults.NotFound();
        }

        if (!await authorization.AllowsAsync(caller, need, NeedPolicies.Claimant))
        {
            return NotClaimant();
        }

        var by = caller.RequireAccountId();

        var now = time.GetUtcNow();
        var claimant = NeedMessages.ClaimantOf(need);
        if (need.Release(request?.Reason?.Trim(), now) is { } refusal)
        {
            return NeedResults.Refused(refusal);
        }

        db.Publish(new Contracts.Needs.NeedReleased(Guid.CreateVersion7(now), now, null, need.Id, claimant.Kind, claimant.Id, NeedReleaseReasons.Claimant, by));
        NeedTimers.AfterReopening(db, need, now);
        return await NeedResults.TrySaveAsync(db, ct) ? TypedResults.Ok(NeedResponse.From(need, showRequester: false)) : NeedResults.Changed(NeedCodes.NeedNotReleasable);
    }

    public static ProblemHttpResult NotClaimant() => NeedResults.Forbidden(NeedCodes.NotNeedClaimant, "Only the need's claimant may do this.");

    public static ProblemHttpResult NotRequester() => NeedResults.Forbidden(NeedCodes.NotNeedRequester, "Only the need's requester (or, for an assisted resident, its grid worker) may do this.");

    private static ProblemHttpResult TeamsDown() => ApiProblems.Unavailable(TeamsUnavailable, "The Teams service did not answer in time; retry later.");

    private static ProblemHttpResult AlreadyClaimed() =>
        ApiProblems.Conflict(NeedCodes.NeedAlreadyClaimed, "This need has already been claimed.");
}
