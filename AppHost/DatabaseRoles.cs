using Npgsql;

namespace Alliance.AppHost;

/// <summary>
/// Least privilege in PostgreSQL: each service connects as a role of its own (named after it), which
/// owns its database and nothing else. It is no superuser, may not create databases or roles, and no
/// other role may connect to its database (<c>REVOKE CONNECT ... FROM PUBLIC</c>). Only the AppHost
/// holds the server's superuser, to make the roles. Run at every start: it sets the role's password
/// to this run's, and hands over what an earlier run left owned by the superuser (a kept volume).
/// </summary>
internal static class DatabaseRoles
{
    /// <param name="superuser">The superuser's connection string to the service's database.</param>
    public static async Task EnsureOwnerAsync(string superuser, string role, string password, CancellationToken ct)
    {
        var database = new NpgsqlConnectionStringBuilder(superuser).Database
            ?? throw new InvalidOperationException("The connection string names no database.");
        await using var connection = new NpgsqlConnection(superuser);
        await connection.OpenAsync(ct);
        var name = Quote(role);
        await using var command = new NpgsqlCommand(
            $"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {Literal(role)}) THEN CREATE ROLE {name} LOGIN; END IF;
            END $$;
            ALTER ROLE {name} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD {Literal(password)};
            ALTER DATABASE {Quote(database)} OWNER TO {name};
            REVOKE ALL ON DATABASE {Quote(database)} FROM PUBLIC;
            GRANT CONNECT, TEMPORARY ON DATABASE {Quote(database)} TO {name};
            ALTER SCHEMA public OWNER TO {name};
            DO $$ DECLARE r record; BEGIN
              FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner <> {Literal(role)} LOOP
                EXECUTE format('ALTER TABLE public.%I OWNER TO %I', r.tablename, {Literal(role)});
              END LOOP;
              FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' AND sequenceowner <> {Literal(role)} LOOP
                EXECUTE format('ALTER SEQUENCE public.%I OWNER TO %I', r.sequencename, {Literal(role)});
              END LOOP;
            END $$;
            """, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
