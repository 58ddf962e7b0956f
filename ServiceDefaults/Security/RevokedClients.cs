using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alliance.ServiceDefaults.Security;

/// <summary>
/// A partner system's client whose tokens issued before <see cref="RevokedAt"/> no longer work here (from
/// Identity's <c>PartnerClientRevoked</c>): a service that takes partner tokens keeps this table.
/// </summary>
public sealed class RevokedClient
{
    public string ClientId { get; set; } = "";

    public DateTimeOffset RevokedAt { get; set; }
}

public static class RevokedClients
{
    public const string Table = "revoked_clients";

    public static ModelBuilder AddRevokedClientsTable(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RevokedClient>(revoked =>
        {
            revoked.ToTable(Table);
            revoked.HasKey(r => r.ClientId);
            revoked.Property(r => r.ClientId).HasMaxLength(100);
        });
        return modelBuilder;
    }

    /// <summary>Records a revocation; a later one moves the line forward, an earlier one (redelivered late) changes nothing.</summary>
    public static async Task RecordRevocationAsync(this DbContext db, string clientId, DateTimeOffset revokedAt, CancellationToken ct)
    {
        var existing = await db.Set<RevokedClient>().FirstOrDefaultAsync(r => r.ClientId == clientId, ct);
        if (existing is null)
        {
            db.Set<RevokedClient>().Add(new RevokedClient { ClientId = clientId, RevokedAt = revokedAt });
        }
        else if (revokedAt > existing.RevokedAt)
        {
            existing.RevokedAt = revokedAt;
        }
    }

    /// <summary>
    /// Refuses (401 <c>invalid_token</c>) a partner system's token issued before its client's
    /// revocation cut-off. Only client tokens (<c>sub</c> = <c>client_id</c>) are looked up; a person's token is not.
    /// </summary>
    public static IHostApplicationBuilder AddClientRevocation<TContext>(this IHostApplicationBuilder builder)
        where TContext : DbContext
    {
        builder.Services.PostConfigure<JwtBearerOptions>(Schemes.Public, options =>
        {
            var validated = options.Events.OnTokenValidated;
            options.Events.OnTokenValidated = async context =>
            {
                await validated(context);
                var principal = context.Principal;
                var clientId = principal?.FindFirst(AllianceClaims.ClientId)?.Value;
                if (clientId is null || principal!.FindFirst(AllianceClaims.Subject)?.Value != clientId)
                {
                    return;
                }

                // A client token whose issue time cannot be read cannot be told from a revoked one.
                if (context.SecurityToken is not Microsoft.IdentityModel.JsonWebTokens.JsonWebToken token || token.IssuedAt == DateTime.MinValue)
                {
                    context.Fail("A partner client's token must say when it was issued.");
                    return;
                }

                var db = context.HttpContext.RequestServices.GetRequiredService<TContext>();
                var issuedAt = new DateTimeOffset(token.IssuedAt, TimeSpan.Zero);
                var revoked = await db.Set<RevokedClient>().AsNoTracking()
                    .AnyAsync(r => r.ClientId == clientId && issuedAt < r.RevokedAt, context.HttpContext.RequestAborted);
                if (revoked)
                {
                    context.Fail("The partner client's tokens up to its revocation no longer work.");
                }
            };
        });
        return builder;
    }
}
