using Alliance.Messaging;
using Alliance.ServiceDefaults.Idempotency;
using Alliance.Teams.Activities;
using Alliance.Teams.Calendar;
using Alliance.Teams.Figures;
using Alliance.Teams.Members;
using Alliance.Teams.Standing;
using Alliance.Teams.Teams;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Data;

internal sealed class TeamsDbContext(DbContextOptions<TeamsDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core's data-protection key ring, shared by the service's replicas (table <c>data_protection_keys</c>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public const string UniquePendingMembershipIndex = "ux_memberships_team_volunteer_pending";
    public const string UniqueSignUpIndex = "ux_sign_ups_activity_volunteer";
    public const string MembersPrimaryKey = "pk_members";
    public const string UniqueSquadNameIndex = "ux_squads_team_name";
    public const string CalendarFeedsPrimaryKey = "pk_calendar_feeds";

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMember> Members => Set<TeamMember>();

    public DbSet<Squad> Squads => Set<Squad>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<Activity> Activities => Set<Activity>();

    public DbSet<SignUp> SignUps => Set<SignUp>();

    public DbSet<MemberRemoval> MemberRemovals => Set<MemberRemoval>();

    public DbSet<ServedNeed> ServedNeeds => Set<ServedNeed>();

    public DbSet<VolunteerStanding> VolunteerStandings => Set<VolunteerStanding>();

    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyTable();
        modelBuilder.Entity<Team>(team =>
        {
            team.HasKey(t => t.Id);
            team.Property(t => t.Name).HasMaxLength(Team.MaxNameLength);
            team.Property(t => t.CommunityId).HasMaxLength(64);
            team.Property(t => t.Theme).HasConversion<string>().HasMaxLength(32);
            // The column's default is Unapproved, so a team that an older replica inserts waits for approval too.
            team.Property(t => t.Status).HasConversion<string>().HasMaxLength(16).HasDefaultValue(TeamStatus.Unapproved);
            team.Ignore(t => t.StreetWide);
            team.Ignore(t => t.IsApproved);
            // NULLS NOT DISTINCT: two street-wide teams may not share a name either.
            team.HasIndex(t => new { t.CommunityId, t.Name }).IsUnique().AreNullsDistinct(false).HasDatabaseName(Team.UniqueNameIndex);
            team.HasIndex(t => t.LeaderId);
            team.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId);
        });
        modelBuilder.Entity<TeamMember>(member =>
        {
            member.HasKey(m => new { m.TeamId, m.VolunteerId });
            member.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
            member.HasIndex(m => m.VolunteerId);
        });
        modelBuilder.Entity<Squad>(squad =>
        {
            squad.HasKey(s => s.Id);
            squad.Property(s => s.Name).HasMaxLength(Squad.MaxNameLength);
            squad.HasIndex(s => new { s.TeamId, s.Name }).IsUnique().HasDatabaseName(UniqueSquadNameIndex);
        });
        modelBuilder.Entity<Membership>(membership =>
        {
            membership.HasKey(m => m.Id);
            membership.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
            membership.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
            membership.HasIndex(m => new { m.TeamId, m.VolunteerId }).IsUnique()
                .HasFilter("status = 'Pending'").HasDatabaseName(UniquePendingMembershipIndex);
        });
        modelBuilder.Entity<Activity>(activity =>
        {
            activity.HasKey(a => a.Id);
            activity.Property(a => a.Title).HasMaxLength(Activity.MaxTitleLength);
            activity.Property(a => a.KindId).HasMaxLength(64);
            activity.Property(a => a.Place).HasMaxLength(Activity.MaxPlaceLength);
            activity.Property(a => a.CommunityId).HasMaxLength(64);
            activity.Property(a => a.CheckInCode).HasMaxLength(6);
            activity.Property(a => a.CancellationReason).HasMaxLength(Activity.MaxReasonLength);
            activity.Ignore(a => a.IsCancelled);
            activity.Ignore(a => a.LengthHours);
            activity.Ignore(a => a.Date);
            activity.Ignore(a => a.PlacesLeft);
            activity.HasIndex(a => new { a.TeamId, a.Id });
            // The street calendar reads by start time.
            activity.HasIndex(a => new { a.StartsAt, a.Id });
        });
        modelBuilder.Entity<SignUp>(signUp =>
        {
            signUp.HasKey(s => s.Id);
            signUp.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
            signUp.Property(s => s.Hours).HasPrecision(6, 1);
            signUp.Property(s => s.DisputeReason).HasMaxLength(500);
            signUp.Ignore(s => s.IsActive);
            signUp.Ignore(s => s.HoursConfirmed);
            signUp.HasIndex(s => new { s.ActivityId, s.VolunteerId }).IsUnique().HasDatabaseName(UniqueSignUpIndex);
            signUp.HasIndex(s => new { s.ActivityId, s.Status, s.Position });
            signUp.HasIndex(s => s.VolunteerId);
        });
        modelBuilder.Entity<MemberRemoval>(removal =>
        {
            removal.HasKey(r => r.Id);
            removal.Property(r => r.Reason).HasMaxLength(MemberRemoval.MaxReasonLength);
            removal.HasIndex(r => new { r.TeamId, r.VolunteerId });
        });
        modelBuilder.Entity<ServedNeed>(served =>
        {
            served.HasKey(s => s.NeedId);
            served.Property(s => s.KindId).HasMaxLength(64);
            served.Property(s => s.HelperHours).HasPrecision(8, 1);
            served.HasIndex(s => s.TeamId);
        });
        modelBuilder.Entity<VolunteerStanding>(standing =>
        {
            standing.HasKey(s => s.VolunteerId);
            standing.Property(s => s.Standing).HasConversion<string>().HasMaxLength(16);
            standing.Ignore(s => s.IsBarred);
        });
        modelBuilder.Entity<CalendarFeed>(feed =>
        {
            feed.HasKey(f => f.VolunteerId);
            feed.Property(f => f.TokenHash).HasMaxLength(32);
            feed.HasIndex(f => f.TokenHash).IsUnique();
        });
    }
}
