using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

public static class UniqueViolation
{
    /// <summary>
    /// True when the save failed on the named unique index or key: the request lost a race with
    /// another that took the same mobile, licence or name first.
    /// </summary>
    public static bool IsUniqueViolation(this DbUpdateException exception, string constraint) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres
        && postgres.ConstraintName == constraint;
}
