using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Notifications.Data.Migrations
{
    /// <inheritdoc />
    public partial class Subjects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "need_title",
                table: "notifications",
                newName: "title");

            migrationBuilder.AddColumn<int>(
                name: "amount",
                table: "notifications",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "at",
                table: "notifications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "subject_id",
                table: "notifications",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "subject_type",
                table: "notifications",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "urgent",
                table: "notifications",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Every notification so far was about a need: its need becomes its subject.
            migrationBuilder.Sql("UPDATE notifications SET subject_type = 'need', subject_id = need_id WHERE need_id IS NOT NULL;");

            migrationBuilder.DropColumn(
                name: "need_id",
                table: "notifications");

            migrationBuilder.CreateTable(
                name: "erased_people",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    erased_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_erased_people", x => x.person_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "erased_people");

            migrationBuilder.DropColumn(
                name: "amount",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "at",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "subject_id",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "subject_type",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "urgent",
                table: "notifications");

            migrationBuilder.RenameColumn(
                name: "title",
                table: "notifications",
                newName: "need_title");

            migrationBuilder.AddColumn<Guid>(
                name: "need_id",
                table: "notifications",
                type: "uuid",
                nullable: true);
        }
    }
}
