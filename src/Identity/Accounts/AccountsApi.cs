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

internal sealed record AccountResponse(Guid Id, string Mobile, string DisplayName, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt);

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

    private static async Task<AccountResponse> ToResponseAsync(Account account, UserManager<Account> users) =>
        new(account.Id, ChineseFormats.MaskMobile(account.PhoneNumber ?? ""), account.DisplayName, [.. await users.GetRolesAsync(account)], account.CreatedAt);

    private static ProblemHttpResult MobileConflict() =>
        ApiProblems.Conflict(MobileTaken, "This mobile number already has an account.");
}
