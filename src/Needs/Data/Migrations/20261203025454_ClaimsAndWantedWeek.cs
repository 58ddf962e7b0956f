using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class ClaimsAndWantedWeek : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "current_claim_id",
                table: "needs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "wanted_minutes",
                table: "needs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "wanted_week_minute",
                table: "needs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "claims",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    need_id = table.Column<Guid>(type: "uuid", nullable: false),
                    claimant_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    claimant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    claimed_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_claims", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_needs_current_claim_id",
                table: "needs",
                column: "current_claim_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_claims_claimant_kind_claimant_id_id",
                table: "claims",
                columns: new[] { "claimant_kind", "claimant_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_claims_claimed_by_id_id",
                table: "claims",
                columns: new[] { "claimed_by_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_claims_need_id",
                table: "claims",
                column: "need_id");

            // Needs posted before: where their wanted window starts in its Shanghai week (UTC+8, no daylight
            // saving) and how long it is; and each standing claim as a row, with a version-7 id from its time.
            migrationBuilder.Sql("""
                UPDATE needs SET
                    wanted_week_minute = (extract(isodow FROM (wanted_from AT TIME ZONE 'UTC') + interval '8 hours')::int - 1) * 1440
                        + extract(hour FROM (wanted_from AT TIME ZONE 'UTC') + interval '8 hours')::int * 60
                        + extract(minute FROM (wanted_from AT TIME ZONE 'UTC') + interval '8 hours')::int,
                    wanted_minutes = least(10080, greatest(0, ceil(extract(epoch FROM wanted_until - wanted_from) / 60)))::int;
                INSERT INTO claims (id, need_id, claimant_kind, claimant_id, claimed_by_id, claimed_at, accepted_at)
                SELECT overlay(overlay(overlay(md5(id::text)
                        PLACING lpad(to_hex(floor(extract(epoch FROM claimed_at) * 1000)::bigint), 12, '0') FROM 1 FOR 12)
                        PLACING '7' FROM 13 FOR 1) PLACING '8' FROM 17 FOR 1)::uuid,
                    id, claimant_kind, claimant_id, claimed_by_id, claimed_at, accepted_at
                FROM needs
                WHERE claimant_kind IS NOT NULL AND claimant_id IS NOT NULL AND claimed_by_id IS NOT NULL AND claimed_at IS NOT NULL;
                UPDATE needs SET current_claim_id = claims.id FROM claims WHERE claims.need_id = needs.id;
                """);

            migrationBuilder.AddForeignKey(
                name: "fk_needs_claims_current_claim_id",
                table: "needs",
                column: "current_claim_id",
                principalTable: "claims",
                principalColumn: "id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_needs_claims_current_claim_id",
                table: "needs");

            migrationBuilder.DropTable(
                name: "claims");

            migrationBuilder.DropIndex(
                name: "ix_needs_current_claim_id",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "current_claim_id",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "wanted_minutes",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "wanted_week_minute",
                table: "needs");
        }
    }
}
