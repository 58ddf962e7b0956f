using System.Security.Claims;
using Alliance.Contracts.Identity;
using Alliance.Contracts.Validation;
using Alliance.Identity.Accounts;
using Alliance.Identity.Data;
using Alliance.Identity.Tokens;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Identity.Assisted;

internal sealed record ConsentResponse(string GivenBy, string? GiverName, string? Relationship, string Method, DateTimeOffset GivenAt, Guid RecordedBy);

internal sealed record AssistedAccountResponse(
    Guid Id, string DisplayName, string CommunityId, string GridId, string? Mobile, ConsentResponse Consent, DateTimeOffset CreatedAt);

internal static class AssistedAccountsApi
{
    public const string OutOfScope = "resident_out_of_scope";

    public static IEndpointRouteBuilder MapAssistedAccountsApi(this IEndpointRouteBuilder app)
    {
        var assisted = app.MapGroup("/identity/assisted-accounts").WithTags("Assisted accounts")
            .Access(AccessClass.ScopedAdmin)
            .RequireAuthorization(Policies.Admin);

        assisted.MapPost("/", CreateAsync)
            .WithName("CreateAssistedAccount")
            .WithSummary("Makes an account for a resident who is not online, with their consent recorded: { displayName, communityId, gridId, "
                + "mobile?, consent: { givenBy: resident|familyMember|guardian, giverName (unless the resident), relationship?, "
                + "method: inPerson|paperForm|phone, givenAt } }. The caller (a grid worker of the cell, a community admin of the community, "
                + "or a street admin) is recorded from the token; other admins are refused. The account is a resident with no password: "
                + "it cannot log in. A mobile number that has an account already is a conflict.")
            .NamesPeople("displayName", "mobile", "consent")
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status403Forbidden, OutOfScope)
            .ProducesProblems(StatusCodes.Status409Conflict, AccountsApi.MobileTaken);

        assisted.MapGet("/{id:guid}", GetAsync)
            .WithName("GetAssistedAccount")
            .WithSummary("Reads an assisted account and its consent, for the admins whose scope covers the resident's cell; anyone else's is not found.")
            .ProducesProblems(StatusCodes.Status404NotFound, AccountsApi.AccountNotFound);

        return app;
    }

    private static async Task<Results<Created<AssistedAccountResponse>, ProblemHttpResult>> CreateAsync(
        AssistedAccountRequest request, ClaimsPrincipal caller, UserManager<Account> users, IdentityDbContext db, TimeProvider time,
        ILogger<AssistedAccountRequest> logger, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = request.Check(now);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        if (!caller.Covers(request.CommunityId!, request.GridId))
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, OutOfScope,
                "Only a grid worker of the resident's cell, an admin of their community or a street admin makes their account.");
        }

        if (request.Mobile is not null && await users.FindByNameAsync(request.Mobile) is not null)
        {
            return MobileConflict();
        }

        var account = Account.Assist(request.DisplayName!, request.CommunityId!, request.GridId!, request.Mobile,
            request.ToRecord(caller.RequireAccountId(), now), now);
        account.NormalizedUserName = users.NormalizeName(account.UserName);
        db.Users.Add(account);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = account.Id, RoleId = RoleSeed.IdOf(Roles.Resident) });
        db.Publish(new AccountCreated(Guid.CreateVersion7(now), now, null, account.Id, Assisted: true));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(Account.UniqueMobileIndex) || ex.IsUniqueViolation(Account.UserNameIndex))
        {
            return MobileConflict();
        }

        logger.LogInformation("Assisted account {AccountId} created by {CallerId} in grid {GridId}, consent by {GivenBy} ({Method})",
            account.Id, account.Consent!.RecordedBy, account.GridId, account.Consent.GivenBy, account.Consent.Method);
        return TypedResults.Created($"/identity/assisted-accounts/{account.Id}", ToResponse(account));
    }

    private static async Task<Results<Ok<AssistedAccountResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal caller, IdentityDbContext db, CancellationToken ct)
    {
        var account = await db.Users.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.Consent != null, ct);
        return account is null || !caller.Covers(account.CommunityId!, account.GridId)
            ? ApiProblems.NotFound(AccountsApi.AccountNotFound, "No assisted account with this id is within your scope.")
            : TypedResults.Ok(ToResponse(account));
    }

    private static AssistedAccountResponse ToResponse(Account account)
    {
        var consent = account.Consent!;
        return new AssistedAccountResponse(
            account.Id, account.DisplayName, account.CommunityId!, account.GridId!,
            account.PhoneNumber is { } mobile ? ChineseFormats.MaskMobile(mobile) : null,
            new ConsentResponse(Wire(consent.GivenBy), consent.GiverName, consent.Relationship, Wire(consent.Method), consent.GivenAt, consent.RecordedBy),
            account.CreatedAt);
    }

    private static string Wire<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static ProblemHttpResult MobileConflict() =>
        ApiProblems.Conflict(AccountsApi.MobileTaken, "This mobile number already has an account.");
}
