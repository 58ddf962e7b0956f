using System.Security.Claims;
using Alliance.Contracts.Identity;
using Alliance.Contracts.Validation;
using Alliance.Identity.Data;
using Alliance.Identity.Tokens;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Alliance.Identity.Accounts;

[RequestExample("""{ "mobile": "13912345678", "password": "Lin2026abc", "displayName": "林阿姨" }""")]
internal sealed record SignUpRequest([RequiredField] string? Mobile, [RequiredField] string? Password, [RequiredField] string? DisplayName);

/// <summary>What a person may change of their own account; a field left out stays as it is.</summary>
[RequestExample("""{ "displayName": "林阿姨", "anonymousOnLeaderboards": true }""")]
internal sealed record UpdateAccountRequest(string? DisplayName, bool? AnonymousOnLeaderboards)
{
    public FieldErrors Check()
    {
        var errors = new FieldErrors();
        if (DisplayName is null && AnonymousOnLeaderboards is null)
        {
            errors.Add("displayName", "required");
        }
        else if (DisplayName is not null)
        {
            Account.CheckDisplayName(errors, DisplayName);
        }

        return errors;
    }
}

/// <param name="DisplayName">The name others see; empty after the person erased their data, until they give a new one.</param>
/// <param name="Erased">Whether the person erased their personal data (others see "已注销" until a new name is given).</param>
/// <param name="AnonymousOnLeaderboards">Whether leaderboards and yearly stars show the person without their name.</param>
internal sealed record AccountResponse(
    Guid Id, string Mobile, string DisplayName, bool Erased, bool AnonymousOnLeaderboards, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt);

internal static class AccountsApi
{
    public const string MobileTaken = "mobile_already_registered";
    public const string AccountNotFound = "account_not_found";


    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/identity/accounts").WithTags("Accounts");

        accounts.MapPost("/", SignUpAsync)
            .WithName("SignUp")
            .WithSummary("Signs up with a mainland mobile number, a password and a display name; then log in at /api/identity/connect/token.")
            .Access(AccessClass.Public)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status409Conflict, MobileTaken);

        accounts.MapGet("/me", GetMineAsync)
            .WithName("GetMyAccount")
            .WithSummary("Reads the caller's own account: the masked mobile, the display name, the leaderboard choice and the roles.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status404NotFound, AccountNotFound);

        accounts.MapPatch("/me", UpdateMineAsync)
            .WithName("UpdateMyAccount")
            .WithSummary("Changes the caller's display name (every list shows it within a minute; a new name also ends an erasure's placeholder) and whether leaderboards and yearly stars show them anonymously. A field left out stays as it is.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status404NotFound, AccountNotFound);

        accounts.MapGet("/{id:guid}", GetAsync)
            .WithName("GetAccount")
            .WithSummary("Reads the caller's own account; anyone else's is not found.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, AccountNotFound);

        return app;
    }

    private static async Task<Results<Created<AccountResponse>, ProblemHttpResult>> SignUpAsync(
        SignUpRequest request, UserManager<Account> users, IdentityDbContext db, TimeProvider time, ILogger<Account> logger, CancellationToken ct)
    {
        var errors = Account.Check(request.Mobile, request.Password, request.DisplayName);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        if (await users.FindByNameAsync(request.Mobile!) is not null)
        {
            return MobileConflict();
        }

        var now = time.GetUtcNow();
        var account = Account.SignUp(request.Mobile!, request.DisplayName!, now);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Staged before CreateAsync, whose save commits it with the account.
        db.Publish(new AccountCreated(Guid.CreateVersion7(now), now, null, account.Id, Assisted: false));
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(account, request.Password!);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(Account.UniqueMobileIndex) || ex.IsUniqueViolation(Account.UserNameIndex))
        {
            // Lost a race with another sign-up of the same mobile.
            return MobileConflict();
        }

        if (!created.Succeeded)
        {
            return created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateUserName))
                ? MobileConflict()
                : ApiProblems.Validation(created.Errors.Aggregate(new FieldErrors(), (all, e) => all.Add("password", e.Code)));
        }

        var role = await users.AddToRoleAsync(account, Roles.Resident);
        if (!role.Succeeded)
        {
            throw new InvalidOperationException($"The {Roles.Resident} role could not be given: {string.Join(", ", role.Errors.Select(e => e.Code))}");
        }

        await transaction.CommitAsync(ct);
        logger.LogInformation("Account {AccountId} signed up", account.Id);
        return TypedResults.Created($"/identity/accounts/{account.Id}", await ToResponseAsync(account, users));
    }

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal caller, UserManager<Account> users)
    {
        // Another person's account does not exist, as far as the caller can tell.
        var account = caller.FindFirstValue(Claims.Subject) == id.ToString() ? await users.FindByIdAsync(id.ToString()) : null;
        return account is null
            ? ApiProblems.NotFound(AccountNotFound, "No account has this id.")
            : TypedResults.Ok(await ToResponseAsync(account, users));
    }

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetMineAsync(ClaimsPrincipal caller, UserManager<Account> users)
    {
        var account = await users.FindByIdAsync(caller.RequireAccountId().ToString());
        return account is null
            ? ApiProblems.NotFound(AccountNotFound, "No account has this id.")
            : TypedResults.Ok(await ToResponseAsync(account, users));
    }

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> UpdateMineAsync(
        UpdateAccountRequest request, ClaimsPrincipal caller, UserManager<Account> users, IdentityDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = request.Check();
        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var id = caller.RequireAccountId();
        var account = await db.Users.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return ApiProblems.NotFound(AccountNotFound, "No account has this id.");
        }

        if (request.DisplayName is { } name)
        {
            account.Rename(name, time.GetUtcNow());
        }

        if (request.AnonymousOnLeaderboards is { } anonymous)
        {
            account.AnonymousOnLeaderboards = anonymous;
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ToResponseAsync(account, users));
    }

    private static async Task<AccountResponse> ToResponseAsync(Account account, UserManager<Account> users) =>
        new(account.Id, ChineseFormats.MaskMobile(account.PhoneNumber ?? ""), account.DisplayName, account.ErasedAt is not null, account.AnonymousOnLeaderboards,
            [.. await users.GetRolesAsync(account)], account.CreatedAt);

    private static ProblemHttpResult MobileConflict() =>
        ApiProblems.Conflict(MobileTaken, "This mobile number already has an account.");
}
