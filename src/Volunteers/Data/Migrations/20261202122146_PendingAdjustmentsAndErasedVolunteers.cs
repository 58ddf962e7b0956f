using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Volunteers.Data.Migrations
{
    /// <inheritdoc />
    public partial class PendingAdjustmentsAndErasedVolunteers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "erased_volunteers",
                columns: table => new
                {
                    id_hash = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_erased_volunteers", x => x.id_hash);
                });

            migrationBuilder.CreateTable(
                name: "pending_adjustments",
                columns: table => new
                {
                    adjustment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_id = table.Column<Guid>(type: "uuid", nullable: false),
                    volunteer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    hours = table.Column<decimal>(type: "numeric(7,1)", precision: 7, scale: 1, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    service_date = table.Column<DateOnly>(type: "date", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pending_adjustments", x => x.adjustment_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_pending_adjustments_source_id_volunteer_id",
                table: "pending_adjustments",
                columns: new[] { "source_id", "volunteer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_pending_adjustments_volunteer_id",
                table: "pending_adjustments",
                column: "volunteer_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "erased_volunteers");

            migrationBuilder.DropTable(
                name: "pending_adjustments");
        }
    }
}
