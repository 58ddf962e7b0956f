using Alliance.Contracts.Identity;
using Alliance.Identity.Data;
using Alliance.Identity.Tokens;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Database;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Alliance.Identity.Accounts;

/// <summary>
/// Once the database is migrated, creates the first street admin from configuration
/// (<c>Identity:Bootstrap:StreetAdmin:Mobile</c>, <c>:Password</c>, <c>:DisplayName</c>) unless an
/// account already has that mobile, whose roles it then leaves alone. Two instances starting
/// together make one account: the loser meets the unique index and stands down. There is no
/// default mobile: a street with no street admin and no (valid) configured one keeps Identity
/// unready, with the reason in the log and in <c>/health</c>, since no one could grant any role.
/// </summary>
internal sealed class StreetAdminBootstrap(
    IServiceScopeFactory scopes, DatabaseReadiness readiness, IdentitySettings settings, TimeProvider time, ILogger<StreetAdminBootstrap> logger)
    : BackgroundService
{
    public const string NotConfigured =
        "No street admin exists and Identity:Bootstrap:StreetAdmin:Mobile and :Password are not both set (there is no default); "
        + "set them (./alliance up generates them in .alliance/secrets.env) and restart Identity.";

    public const string BreaksARule =
        "No street admin exists and Identity:Bootstrap:StreetAdmin breaks a rule (see the log); fix it and restart Identity.";

    public bool Done { get; private set; }

    /// <summary>Why Identity is not ready, when configuration cannot make the first street admin.</summary>
    public string? Problem { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var admin = settings.Bootstrap.StreetAdmin;
        string? problem = null;
        if (string.IsNullOrWhiteSpace(admin.Mobile) || string.IsNullOrEmpty(admin.Password))
        {
            problem = NotConfigured;
        }
        else if (Account.Check(admin.Mobile, admin.Password, admin.DisplayName).ToDictionary() is { Count: > 0 } errors)
        {
            // The rule codes only: never the password, and the mobile is personal data.
            logger.LogError("Identity:Bootstrap:StreetAdmin breaks a rule ({Errors}); no street admin was created",
                string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
            problem = BreaksARule;
        }

        while (!readiness.IsReady)
        {
            await Task.Delay(200, stoppingToken);
        }

        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                if (problem is null)
                {
                    await CreateAsync(admin, stoppingToken);
                }
                else if (await StreetAdminExistsAsync(stoppingToken))
                {
                    logger.LogInformation("Identity:Bootstrap:StreetAdmin is not used: the street has a street admin already");
                }
                else
                {
                    logger.LogError("{Problem}", problem);
                    Problem = problem;
                    return;
                }

                Done = true;
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Creating the street admin from configuration failed (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), stoppingToken);
            }
        }
    }

    private async Task<bool> StreetAdminExistsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var roleId = RoleSeed.IdOf(Roles.StreetAdmin);
        return await db.UserRoles.AnyAsync(r => r.RoleId == roleId, ct);
    }

    private async Task CreateAsync(StreetAdminSettings admin, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        if (await users.FindByNameAsync(admin.Mobile!) is { } existing)
        {
            logger.LogInformation("The configured street admin's mobile already has account {AccountId}; nothing changed", existing.Id);
            return;
        }

        var now = time.GetUtcNow();
        var account = Account.SignUp(admin.Mobile!, admin.DisplayName, now);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Publish(new AccountCreated(Guid.CreateVersion7(now), now, null, account.Id, Assisted: false));
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(account, admin.Password!);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(Account.UniqueMobileIndex) || ex.IsUniqueViolation(Account.UserNameIndex))
        {
            logger.LogInformation("Another instance created the configured street admin first; nothing changed");
            return;
        }

        if (created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            logger.LogInformation("Another instance created the configured street admin first; nothing changed");
            return;
        }

        Check(created);
        Check(await users.AddToRolesAsync(account, [Roles.Resident, Roles.StreetAdmin]));
        await transaction.CommitAsync(ct);
        logger.LogInformation("Street admin {AccountId} created from configuration; log in with the configured mobile and password", account.Id);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The street admin could not be created: {string.Join(", ", result.Errors.Select(e => e.Code))}");
        }
    }
}

/// <summary>Identity is not ready until the configured street admin exists, so the first login after start works.</summary>
internal sealed class StreetAdminBootstrapHealthCheck(StreetAdminBootstrap bootstrap) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(bootstrap.Done
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(bootstrap.Problem ?? "The configured street admin is not created yet."));
}
