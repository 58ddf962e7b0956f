using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Teams.Data.Migrations
{
    /// <inheritdoc />
    public partial class CalendarFeedsAndStreetCalendar : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "calendar_feeds",
                columns: table => new
                {
                    volunteer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_feeds", x => x.volunteer_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sign_ups_volunteer_id",
                table: "sign_ups",
                column: "volunteer_id");

            migrationBuilder.CreateIndex(
                name: "ix_activities_starts_at_id",
                table: "activities",
                columns: new[] { "starts_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_calendar_feeds_token_hash",
                table: "calendar_feeds",
                column: "token_hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calendar_feeds");

            migrationBuilder.DropIndex(
                name: "ix_sign_ups_volunteer_id",
                table: "sign_ups");

            migrationBuilder.DropIndex(
                name: "ix_activities_starts_at_id",
                table: "activities");
        }
    }
}
