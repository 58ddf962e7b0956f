using System.Security.Claims;
using Alliance.Points.Data;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Accounts;

internal sealed record AccountResponse(Guid VolunteerId, long Available, long Reserved, DateTimeOffset OpenedAt)
{
    public static AccountResponse From(PointsAccount account) =>
        new(account.VolunteerId, account.Available, account.Reserved, account.OpenedAt);
}

internal static class AccountsApi
{
    public const string AccountNotFound = "account_not_found";

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/points/accounts/{volunteerId:guid}", GetAsync)
            .WithTags("Points")
            .WithName("GetPointsAccount")
            .WithSummary("A volunteer's points balance: the volunteer's own, or any for a street admin; anyone else is told it is not found.")
            .Access(AccessClass.Owner)
            .ProducesProblems(StatusCodes.Status404NotFound, AccountNotFound);
        return app;
    }

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAsync(
        Guid volunteerId, ClaimsPrincipal caller, PointsDbContext db, IAuthorizationService authorization, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.VolunteerId == volunteerId, ct);
        return account is null || !await authorization.AllowsAsync(caller, account, PointsPolicies.Holder)
            ? ApiProblems.NotFound(AccountNotFound, "No points account is open for this volunteer.")
            : TypedResults.Ok(AccountResponse.From(account));
    }
}
