using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Teams.Data.Migrations
{
    /// <inheritdoc />
    public partial class ServedNeeds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "served_needs",
                columns: table => new
                {
                    need_id = table.Column<Guid>(type: "uuid", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    helper_hours = table.Column<decimal>(type: "numeric(8,1)", precision: 8, scale: 1, nullable: false),
                    confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_served_needs", x => x.need_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_served_needs_team_id",
                table: "served_needs",
                column: "team_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "served_needs");
        }
    }
}
