using Alliance.Identity.Accounts;
using Alliance.Identity.Tokens;
using Alliance.Messaging;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Identity.Data;

/// <summary>Accounts and roles (ASP.NET Core Identity), OpenIddict's clients and tokens, and messaging.</summary>
internal sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options)
    : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict<Guid>();
        builder.AddMessagingTables();
        // The roles of DOMAIN.md exist as soon as the migrations are applied, before any sign-up.
        builder.Entity<IdentityRole<Guid>>().HasData(Tokens.RoleSeed.Rows);
        builder.Entity<Account>(account =>
        {
            account.Property(a => a.DisplayName).HasMaxLength(Account.MaxDisplayNameLength);
            account.HasIndex(a => a.PhoneNumber).IsUnique().HasDatabaseName(Account.UniqueMobileIndex);
        });
    }
}
