using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Volunteers.Data.Migrations
{
    /// <inheritdoc />
    public partial class Pairings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pairings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    volunteer_id = table.Column<Guid>(type: "uuid", nullable: true),
                    recipient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    category = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    community_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    grid_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    building = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    helps = table.Column<List<string>>(type: "text[]", nullable: false),
                    other_services = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    visit_every_days = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    paired_by = table.Column<Guid>(type: "uuid", nullable: false),
                    last_visit_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_visit_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    missed_cadences = table.Column<int>(type: "integer", nullable: false),
                    visit_count = table.Column<int>(type: "integer", nullable: false),
                    visit_minutes = table.Column<int>(type: "integer", nullable: false),
                    problems_solved = table.Column<int>(type: "integer", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_by = table.Column<Guid>(type: "uuid", nullable: true),
                    end_reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    consent = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pairings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "pairing_visits",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    pairing_id = table.Column<Guid>(type: "uuid", nullable: false),
                    volunteer_id = table.Column<Guid>(type: "uuid", nullable: true),
                    visited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    duration_minutes = table.Column<int>(type: "integer", nullable: false),
                    helps = table.Column<List<string>>(type: "text[]", nullable: false),
                    problems_solved = table.Column<int>(type: "integer", nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    logged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pairing_visits", x => x.id);
                    table.ForeignKey(
                        name: "fk_pairing_visits_pairings_pairing_id",
                        column: x => x.pairing_id,
                        principalTable: "pairings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_pairing_visits_pairing_id_id",
                table: "pairing_visits",
                columns: new[] { "pairing_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_pairing_visits_volunteer_id",
                table: "pairing_visits",
                column: "volunteer_id");

            migrationBuilder.CreateIndex(
                name: "ix_pairings_community_id_id",
                table: "pairings",
                columns: new[] { "community_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_pairings_volunteer_id",
                table: "pairings",
                column: "volunteer_id");

            migrationBuilder.CreateIndex(
                name: "ux_pairings_active_recipient",
                table: "pairings",
                column: "recipient_id",
                unique: true,
                filter: "status = 'Active'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pairing_visits");

            migrationBuilder.DropTable(
                name: "pairings");
        }
    }
}
