using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Alliance.ServiceDefaults.Database;

/// <summary>Ready when the migrations are applied and the database answers now.</summary>
internal sealed class DatabaseHealthCheck<TContext>(TContext db, DatabaseReadiness readiness) : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!readiness.IsReady)
        {
            return HealthCheckResult.Unhealthy($"Migrations are not applied yet: {readiness.LastError ?? "starting"}");
        }

        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
    }
}
