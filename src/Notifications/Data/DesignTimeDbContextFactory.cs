using Alliance.ServiceDefaults.Database;

namespace Alliance.Notifications.Data;

/// <summary>For <c>dotnet ef</c>: builds the model without a database.</summary>
internal sealed class DesignTimeDbContextFactory() : DesignTimeFactory<NotificationsDbContext>(Service.Database);
