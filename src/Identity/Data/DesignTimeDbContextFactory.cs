using Alliance.ServiceDefaults.Database;

namespace Alliance.Identity.Data;

/// <summary>For <c>dotnet ef</c>: builds the model without a database.</summary>
internal sealed class DesignTimeDbContextFactory() : DesignTimeFactory<IdentityDbContext>(Service.Database);
