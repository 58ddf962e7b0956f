using Alliance.ServiceDefaults.Database;

namespace Alliance.Needs.Data;

/// <summary>For <c>dotnet ef</c>: builds the model without a database.</summary>
internal sealed class DesignTimeDbContextFactory() : DesignTimeFactory<NeedsDbContext>(Service.Database);
