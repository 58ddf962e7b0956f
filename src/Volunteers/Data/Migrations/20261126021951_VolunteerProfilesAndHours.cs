using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Volunteers.Data.Migrations
{
    /// <inheritdoc />
    public partial class VolunteerProfilesAndHours : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "availability",
                table: "volunteers",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "building",
                table: "volunteers",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "emergency_contact",
                table: "volunteers",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "grid_id",
                table: "volunteers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<byte[]>(
                name: "id_card_cipher",
                table: "volunteers",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "id_card_hash",
                table: "volunteers",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "party_member",
                table: "volunteers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<List<string>>(
                name: "skills",
                table: "volunteers",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "status_changed_at",
                table: "volunteers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "status_changed_by",
                table: "volunteers",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status_reason",
                table: "volunteers",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "hours_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    volunteer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    source_id = table.Column<Guid>(type: "uuid", nullable: false),
                    adjusts_source_id = table.Column<Guid>(type: "uuid", nullable: true),
                    hours = table.Column<decimal>(type: "numeric(7,1)", precision: 7, scale: 1, nullable: false),
                    night_hours = table.Column<decimal>(type: "numeric(7,1)", precision: 7, scale: 1, nullable: false),
                    service_date = table.Column<DateOnly>(type: "date", nullable: false),
                    community_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    team_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    recorded_by = table.Column<Guid>(type: "uuid", nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_hours_entries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ux_volunteers_id_card_hash",
                table: "volunteers",
                column: "id_card_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_hours_entries_volunteer_id_id",
                table: "hours_entries",
                columns: new[] { "volunteer_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_hours_entries_source",
                table: "hours_entries",
                columns: new[] { "source_id", "volunteer_id", "kind" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "hours_entries");

            migrationBuilder.DropIndex(
                name: "ux_volunteers_id_card_hash",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "availability",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "building",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "emergency_contact",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "grid_id",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "id_card_cipher",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "id_card_hash",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "party_member",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "skills",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "status_changed_at",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "status_changed_by",
                table: "volunteers");

            migrationBuilder.DropColumn(
                name: "status_reason",
                table: "volunteers");
        }
    }
}
