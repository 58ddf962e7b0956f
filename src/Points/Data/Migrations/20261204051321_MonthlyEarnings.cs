using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Alliance.Points.Data.Migrations
{
    /// <inheritdoc />
    public partial class MonthlyEarnings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_community_id_earned_on",
                table: "ledger_entries");

            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_earned_on",
                table: "ledger_entries");

            migrationBuilder.CreateTable(
                name: "monthly_earnings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    volunteer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    community_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    team_id = table.Column<Guid>(type: "uuid", nullable: true),
                    points = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_monthly_earnings", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_monthly_earnings_month_community_id_team_id_volunteer_id",
                table: "monthly_earnings",
                columns: new[] { "month", "community_id", "team_id", "volunteer_id" },
                unique: true)
                .Annotation("Npgsql:IndexInclude", new[] { "points" })
                .Annotation("Npgsql:NullsDistinct", false);

            // Every ledger write moves the read model in its own transaction: a credit's or adjustment's amount
            // is added to its month's row, and taken from the old row when an entry changes (an erasure moving
            // a ledger to its anonymous id) or goes. A row that comes to zero goes, so an erased id leaves none.
            migrationBuilder.Sql(
                """
                CREATE FUNCTION monthly_earnings_follow_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.kind IN ('Credit', 'Adjustment') THEN
                        INSERT INTO monthly_earnings (month, community_id, team_id, volunteer_id, points)
                        VALUES (date_trunc('month', OLD.earned_on::timestamp)::date, OLD.community_id, OLD.team_id, OLD.volunteer_id, -OLD.amount)
                        ON CONFLICT (month, community_id, team_id, volunteer_id) DO UPDATE SET points = monthly_earnings.points + excluded.points;
                        DELETE FROM monthly_earnings
                        WHERE month = date_trunc('month', OLD.earned_on::timestamp)::date AND community_id IS NOT DISTINCT FROM OLD.community_id
                          AND team_id IS NOT DISTINCT FROM OLD.team_id AND volunteer_id = OLD.volunteer_id AND points = 0;
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.kind IN ('Credit', 'Adjustment') THEN
                        INSERT INTO monthly_earnings (month, community_id, team_id, volunteer_id, points)
                        VALUES (date_trunc('month', NEW.earned_on::timestamp)::date, NEW.community_id, NEW.team_id, NEW.volunteer_id, NEW.amount)
                        ON CONFLICT (month, community_id, team_id, volunteer_id) DO UPDATE SET points = monthly_earnings.points + excluded.points;
                    END IF;
                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER monthly_earnings_follow_ledger
                AFTER INSERT OR DELETE OR UPDATE OF volunteer_id, kind, amount, earned_on, community_id, team_id ON ledger_entries
                FOR EACH ROW EXECUTE FUNCTION monthly_earnings_follow_ledger();

                INSERT INTO monthly_earnings (month, community_id, team_id, volunteer_id, points)
                SELECT date_trunc('month', earned_on::timestamp)::date, community_id, team_id, volunteer_id, sum(amount)
                FROM ledger_entries
                WHERE kind IN ('Credit', 'Adjustment')
                GROUP BY 1, 2, 3, 4
                HAVING sum(amount) <> 0;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER monthly_earnings_follow_ledger ON ledger_entries;
                DROP FUNCTION monthly_earnings_follow_ledger();
                """);

            migrationBuilder.DropTable(
                name: "monthly_earnings");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_community_id_earned_on",
                table: "ledger_entries",
                columns: new[] { "community_id", "earned_on" })
                .Annotation("Npgsql:IndexInclude", new[] { "kind", "volunteer_id", "amount", "team_id" });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_earned_on",
                table: "ledger_entries",
                column: "earned_on")
                .Annotation("Npgsql:IndexInclude", new[] { "kind", "volunteer_id", "amount", "team_id", "community_id" });
        }
    }
}
