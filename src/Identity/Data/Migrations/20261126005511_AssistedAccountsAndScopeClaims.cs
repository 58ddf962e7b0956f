using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Identity.Data.Migrations
{
    /// <inheritdoc />
    public partial class AssistedAccountsAndScopeClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_asp_net_user_claims_user_id",
                table: "AspNetUserClaims");

            migrationBuilder.AddColumn<string>(
                name: "community_id",
                table: "AspNetUsers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "consent_given_at",
                table: "AspNetUsers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "consent_given_by",
                table: "AspNetUsers",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "consent_giver_name",
                table: "AspNetUsers",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "consent_method",
                table: "AspNetUsers",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "consent_recorded_at",
                table: "AspNetUsers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "consent_recorded_by",
                table: "AspNetUsers",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "consent_relationship",
                table: "AspNetUsers",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "grid_id",
                table: "AspNetUsers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ux_user_claims_user_type_value",
                table: "AspNetUserClaims",
                columns: new[] { "user_id", "claim_type", "claim_value" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_user_claims_user_type_value",
                table: "AspNetUserClaims");

            migrationBuilder.DropColumn(
                name: "community_id",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "consent_given_at",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "consent_given_by",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "consent_giver_name",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "consent_method",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "consent_recorded_at",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "consent_recorded_by",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "consent_relationship",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "grid_id",
                table: "AspNetUsers");

            migrationBuilder.CreateIndex(
                name: "ix_asp_net_user_claims_user_id",
                table: "AspNetUserClaims",
                column: "user_id");
        }
    }
}
