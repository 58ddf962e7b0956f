using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class NeedLife : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_needs_status_posted_at",
                table: "needs");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "accepted_at",
                table: "needs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "accepted_by_id",
                table: "needs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "address",
                table: "needs",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<List<Guid>>(
                name: "assigned_helper_ids",
                table: "needs",
                type: "uuid[]",
                nullable: false);

            migrationBuilder.AddColumn<string>(
                name: "building",
                table: "needs",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "cancelled_by_id",
                table: "needs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "claimant_kind",
                table: "needs",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "claimed_by_id",
                table: "needs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "completed_at",
                table: "needs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "completion_note",
                table: "needs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "confirmed_at",
                table: "needs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "confirmed_by",
                table: "needs",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "confirmed_by_id",
                table: "needs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "description",
                table: "needs",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "dispute_reason",
                table: "needs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "disputed_at",
                table: "needs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "disputed_by_id",
                table: "needs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "escalated_at",
                table: "needs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "expired_at",
                table: "needs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "grid_id",
                table: "needs",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "helpers",
                table: "needs",
                type: "jsonb",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "helpers_needed",
                table: "needs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "posted_by_id",
                table: "needs",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<int>(
                name: "rating",
                table: "needs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rating_comment",
                table: "needs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "release_note",
                table: "needs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "required_skills",
                table: "needs",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<string>(
                name: "resolution_note",
                table: "needs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "resolved_by_id",
                table: "needs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "started_at",
                table: "needs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "team_id",
                table: "needs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "urgency",
                table: "needs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "wanted_from",
                table: "needs",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "wanted_until",
                table: "needs",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "wish",
                table: "needs",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            // Needs posted before this migration were posted by their requesters.
            migrationBuilder.Sql("UPDATE needs SET posted_by_id = requester_id;");

            migrationBuilder.CreateIndex(
                name: "ix_needs_status_urgency_posted_at_id",
                table: "needs",
                columns: new[] { "status", "urgency", "posted_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_needs_status_urgency_posted_at_id",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "accepted_at",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "accepted_by_id",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "address",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "assigned_helper_ids",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "building",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "cancelled_by_id",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "claimant_kind",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "claimed_by_id",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "completed_at",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "completion_note",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "confirmed_at",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "confirmed_by",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "confirmed_by_id",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "description",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "dispute_reason",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "disputed_at",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "disputed_by_id",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "escalated_at",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "expired_at",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "grid_id",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "helpers",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "helpers_needed",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "posted_by_id",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "rating",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "rating_comment",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "release_note",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "required_skills",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "resolution_note",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "resolved_by_id",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "started_at",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "team_id",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "urgency",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "wanted_from",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "wanted_until",
                table: "needs");

            migrationBuilder.DropColumn(
                name: "wish",
                table: "needs");

            migrationBuilder.CreateIndex(
                name: "ix_needs_status_posted_at",
                table: "needs",
                columns: new[] { "status", "posted_at" });
        }
    }
}
