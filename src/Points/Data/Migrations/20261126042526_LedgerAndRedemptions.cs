using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Points.Data.Migrations
{
    /// <inheritdoc />
    public partial class LedgerAndRedemptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ledger_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    volunteer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    source_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    available_delta = table.Column<long>(type: "bigint", nullable: false),
                    reserved_delta = table.Column<long>(type: "bigint", nullable: false),
                    available_after = table.Column<long>(type: "bigint", nullable: false),
                    reserved_after = table.Column<long>(type: "bigint", nullable: false),
                    service_date = table.Column<DateOnly>(type: "date", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: true),
                    community_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    why = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "redemptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    volunteer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    offer_id = table.Column<Guid>(type: "uuid", nullable: true),
                    merchant_id = table.Column<Guid>(type: "uuid", nullable: true),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reserved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_by = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_redemptions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_service_date",
                table: "ledger_entries",
                column: "service_date");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_source_id_volunteer_id_kind",
                table: "ledger_entries",
                columns: new[] { "source_id", "volunteer_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_volunteer_id_id",
                table: "ledger_entries",
                columns: new[] { "volunteer_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_redemptions_volunteer_id",
                table: "redemptions",
                column: "volunteer_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ledger_entries");

            migrationBuilder.DropTable(
                name: "redemptions");
        }
    }
}
