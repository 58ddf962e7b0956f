using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Points.Data.Migrations
{
    /// <inheritdoc />
    public partial class LeaderboardCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_earned_on",
                table: "ledger_entries");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_community_id_earned_on",
                table: "ledger_entries",
                columns: new[] { "community_id", "earned_on" })
                .Annotation("Npgsql:IndexInclude", new[] { "kind", "volunteer_id", "amount", "team_id" });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_earned_on",
                table: "ledger_entries",
                column: "earned_on")
                .Annotation("Npgsql:IndexInclude", new[] { "kind", "volunteer_id", "amount", "team_id", "community_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_community_id_earned_on",
                table: "ledger_entries");

            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_earned_on",
                table: "ledger_entries");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_earned_on",
                table: "ledger_entries",
                column: "earned_on");
        }
    }
}
