using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Identity.Data.Migrations
{
    /// <inheritdoc />
    public partial class DisplayNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "anonymous_on_leaderboards",
                table: "AspNetUsers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "display_name_set_at",
                table: "AspNetUsers",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "erased_at",
                table: "AspNetUsers",
                type: "timestamp with time zone",
                nullable: true);

            // Until now a name was only ever given at sign-up.
            migrationBuilder.Sql("UPDATE \"AspNetUsers\" SET display_name_set_at = created_at;");

            // SearchDisplayNames: lower(display_name) LIKE 'prefix%' among the people not erased.
            migrationBuilder.Sql($"CREATE INDEX {Accounts.Account.DisplayNamePrefixIndex} ON \"AspNetUsers\" (lower(display_name) text_pattern_ops) WHERE erased_at IS NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"DROP INDEX {Accounts.Account.DisplayNamePrefixIndex};");

            migrationBuilder.DropColumn(
                name: "anonymous_on_leaderboards",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "display_name_set_at",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "erased_at",
                table: "AspNetUsers");
        }
    }
}
