using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Volunteers.Data.Migrations
{
    /// <inheritdoc />
    public partial class VolunteerStatusHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "volunteer_status_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    from = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    to = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    by = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    volunteer_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_volunteer_status_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_volunteer_status_changes_volunteers_volunteer_id",
                        column: x => x.volunteer_id,
                        principalTable: "volunteers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_volunteer_status_changes_volunteer_id",
                table: "volunteer_status_changes",
                column: "volunteer_id");

            // Volunteers registered before the history existed: their registration and, where made, their verification.
            migrationBuilder.Sql("""
                INSERT INTO volunteer_status_changes (id, volunteer_id, "from", "to", "by", reason, "at")
                SELECT gen_random_uuid(), id, NULL, 'Pending', id, NULL, registered_at FROM volunteers;
                INSERT INTO volunteer_status_changes (id, volunteer_id, "from", "to", "by", reason, "at")
                SELECT gen_random_uuid(), id, 'Pending', 'Active', verified_by, NULL, verified_at FROM volunteers WHERE verified_at IS NOT NULL AND verified_by IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "volunteer_status_changes");
        }
    }
}
