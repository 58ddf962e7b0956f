using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliance.Merchants.Data.Migrations
{
    /// <inheritdoc />
    public partial class OnboardingOffersAndBookings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "address",
                table: "merchants",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "contact_mobile",
                table: "merchants",
                type: "character varying(11)",
                maxLength: 11,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "contact_name",
                table: "merchants",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "rejected_at",
                table: "merchants",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "rejected_by",
                table: "merchants",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rejection_reason",
                table: "merchants",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "merchant_staff",
                columns: table => new
                {
                    merchant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    added_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_merchant_staff", x => new { x.merchant_id, x.account_id });
                    table.ForeignKey(
                        name: "fk_merchant_staff_merchants_merchant_id",
                        column: x => x.merchant_id,
                        principalTable: "merchants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "offers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    merchant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    price_fen = table.Column<int>(type: "integer", nullable: true),
                    points_cost = table.Column<int>(type: "integer", nullable: true),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    valid_until = table.Column<DateOnly>(type: "date", nullable: false),
                    quota = table.Column<int>(type: "integer", nullable: false),
                    quota_period = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    aged60or_over = table.Column<bool>(type: "boolean", nullable: false),
                    verified_volunteers_only = table.Column<bool>(type: "boolean", nullable: false),
                    eligible_community_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_by = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_offers", x => x.id);
                    table.CheckConstraint("ck_offers_points", "points_cost IS NULL OR points_cost > 0");
                    table.CheckConstraint("ck_offers_price", "price_fen IS NULL OR price_fen > 0");
                    table.CheckConstraint("ck_offers_quota", "quota > 0");
                    table.CheckConstraint("ck_offers_validity", "valid_until >= valid_from");
                    table.ForeignKey(
                        name: "fk_offers_merchants_merchant_id",
                        column: x => x.merchant_id,
                        principalTable: "merchants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "bookings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    offer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    merchant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    resident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    booked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    declared_aged60or_over = table.Column<bool>(type: "boolean", nullable: false),
                    declared_community_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bookings", x => x.id);
                    table.ForeignKey(
                        name: "fk_bookings_offers_offer_id",
                        column: x => x.offer_id,
                        principalTable: "offers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "quota_usage",
                columns: table => new
                {
                    offer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    used = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quota_usage", x => new { x.offer_id, x.period_start });
                    table.CheckConstraint("ck_quota_usage_used", "used >= 0");
                    table.ForeignKey(
                        name: "fk_quota_usage_offers_offer_id",
                        column: x => x.offer_id,
                        principalTable: "offers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_bookings_merchant_id",
                table: "bookings",
                column: "merchant_id");

            migrationBuilder.CreateIndex(
                name: "ix_bookings_resident_id",
                table: "bookings",
                column: "resident_id");

            migrationBuilder.CreateIndex(
                name: "ux_bookings_active_per_period",
                table: "bookings",
                columns: new[] { "offer_id", "resident_id", "period_start" },
                unique: true,
                filter: "status = 'Booked'");

            migrationBuilder.CreateIndex(
                name: "ix_merchant_staff_account_id",
                table: "merchant_staff",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_offers_merchant_id",
                table: "offers",
                column: "merchant_id");
            // Businesses verified before staff rows existed: their registrant is their staff.
            migrationBuilder.Sql(
                "INSERT INTO merchant_staff (merchant_id, account_id, added_at, added_by) "
                + "SELECT id, registered_by, verified_at, verified_by FROM merchants WHERE status = 'Verified' AND verified_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bookings");

            migrationBuilder.DropTable(
                name: "merchant_staff");

            migrationBuilder.DropTable(
                name: "quota_usage");

            migrationBuilder.DropTable(
                name: "offers");

            migrationBuilder.DropColumn(
                name: "address",
                table: "merchants");

            migrationBuilder.DropColumn(
                name: "contact_mobile",
                table: "merchants");

            migrationBuilder.DropColumn(
                name: "contact_name",
                table: "merchants");

            migrationBuilder.DropColumn(
                name: "rejected_at",
                table: "merchants");

            migrationBuilder.DropColumn(
                name: "rejected_by",
                table: "merchants");

            migrationBuilder.DropColumn(
                name: "rejection_reason",
                table: "merchants");
        }
    }
}
