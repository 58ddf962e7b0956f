using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Points.Data.Migrations
{
    /// <inheritdoc />
    public partial class CreditsByEarningMonthAndFlagDecisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "adjusts_source_id",
                table: "ledger_entries",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "earned_on",
                table: "ledger_entries",
                type: "date",
                nullable: false,
                defaultValueSql: "(now() AT TIME ZONE 'Asia/Shanghai')::date");

            migrationBuilder.AddColumn<decimal>(
                name: "hours",
                table: "ledger_entries",
                type: "numeric(9,2)",
                precision: 9,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "decided_at",
                table: "flags",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "decided_by",
                table: "flags",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "decision_reason",
                table: "flags",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "reversal_id",
                table: "flags",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "source_id",
                table: "flags",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "flags",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Open");

            migrationBuilder.AddColumn<Guid>(
                name: "team_id",
                table: "flags",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "activity_confirmations",
                columns: table => new
                {
                    activity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    volunteer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    community_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    hours = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_activity_confirmations", x => new { x.activity_id, x.volunteer_id });
                });

            migrationBuilder.CreateTable(
                name: "known_accounts",
                columns: table => new
                {
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    assisted = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_known_accounts", x => x.account_id);
                });

            // Backfill, before the indexes are built. Entries written before this column count on the
            // day they were recorded, but a need's credit on its confirmation's day, which Points kept
            // for its flags; hours, what an adjustment corrects and activity confirmations come from
            // each entry's "why"; an older flag is about its need.
            migrationBuilder.Sql(
                """
                UPDATE ledger_entries SET earned_on = (recorded_at AT TIME ZONE 'Asia/Shanghai')::date;
                UPDATE ledger_entries e SET earned_on = (c.confirmed_at AT TIME ZONE 'Asia/Shanghai')::date
                FROM need_confirmations c
                WHERE e.kind = 'Credit' AND e.reason = 'need_confirmed' AND c.need_id = e.source_id AND c.volunteer_id = e.volunteer_id;
                UPDATE ledger_entries SET hours = (why #>> '{inputs,earning,hours}')::numeric
                WHERE kind = 'Credit' AND why #>> '{inputs,earning,hours}' IS NOT NULL;
                UPDATE ledger_entries SET hours = (why #>> '{inputs,hoursDelta}')::numeric, adjusts_source_id = (why #>> '{inputs,sourceId}')::uuid
                WHERE kind = 'Adjustment' AND reason = 'hours_adjusted';
                UPDATE flags SET source_id = need_id WHERE source_id IS NULL;
                INSERT INTO activity_confirmations (activity_id, volunteer_id, team_id, community_id, hours, confirmed_at)
                SELECT source_id, volunteer_id, team_id, coalesce(community_id, ''), (why #>> '{inputs,earning,hours}')::numeric, recorded_at
                FROM ledger_entries
                WHERE kind = 'Credit' AND reason = 'activity_confirmed' AND team_id IS NOT NULL AND why #>> '{inputs,earning,hours}' IS NOT NULL
                ON CONFLICT DO NOTHING;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_adjusts_source_id",
                table: "ledger_entries",
                column: "adjusts_source_id");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_earned_on",
                table: "ledger_entries",
                column: "earned_on");

            migrationBuilder.CreateIndex(
                name: "ix_flags_status_id",
                table: "flags",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_activity_confirmations_team_id_confirmed_at",
                table: "activity_confirmations",
                columns: new[] { "team_id", "confirmed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_activity_confirmations_volunteer_id_confirmed_at",
                table: "activity_confirmations",
                columns: new[] { "volunteer_id", "confirmed_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "activity_confirmations");

            migrationBuilder.DropTable(
                name: "known_accounts");

            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_adjusts_source_id",
                table: "ledger_entries");

            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_earned_on",
                table: "ledger_entries");

            migrationBuilder.DropIndex(
                name: "ix_flags_status_id",
                table: "flags");

            migrationBuilder.DropColumn(
                name: "adjusts_source_id",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "earned_on",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "hours",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "decided_at",
                table: "flags");

            migrationBuilder.DropColumn(
                name: "decided_by",
                table: "flags");

            migrationBuilder.DropColumn(
                name: "decision_reason",
                table: "flags");

            migrationBuilder.DropColumn(
                name: "reversal_id",
                table: "flags");

            migrationBuilder.DropColumn(
                name: "source_id",
                table: "flags");

            migrationBuilder.DropColumn(
                name: "status",
                table: "flags");

            migrationBuilder.DropColumn(
                name: "team_id",
                table: "flags");
        }
    }
}
