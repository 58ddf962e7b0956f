using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Teams.Data.Migrations
{
    /// <inheritdoc />
    public partial class TeamApprovalAndVolunteerStanding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "approved_at",
                table: "teams",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "approved_by",
                table: "teams",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "teams",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Unapproved");

            // Teams that already exist were run by their leaders before approvals: they count as approved
            // (by no one). The column's default stays Unapproved for every team made from now on.
            migrationBuilder.Sql("UPDATE teams SET status = 'Approved'");

            migrationBuilder.CreateTable(
                name: "volunteer_standings",
                columns: table => new
                {
                    volunteer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    standing = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_volunteer_standings", x => x.volunteer_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "volunteer_standings");

            migrationBuilder.DropColumn(
                name: "approved_at",
                table: "teams");

            migrationBuilder.DropColumn(
                name: "approved_by",
                table: "teams");

            migrationBuilder.DropColumn(
                name: "status",
                table: "teams");
        }
    }
}
