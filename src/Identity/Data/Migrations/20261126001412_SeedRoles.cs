using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Alliance.Identity.Data.Migrations
{
    /// <inheritdoc />
    public partial class SeedRoles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.InsertData(
                table: "AspNetRoles",
                columns: new[] { "id", "concurrency_stamp", "name", "normalized_name" },
                values: new object[,]
                {
                    { new Guid("0190a5c8-0000-7000-8000-000000000001"), "role-resident", "resident", "RESIDENT" },
                    { new Guid("0190a5c8-0000-7000-8000-000000000002"), "role-volunteer", "volunteer", "VOLUNTEER" },
                    { new Guid("0190a5c8-0000-7000-8000-000000000003"), "role-merchant-staff", "merchant-staff", "MERCHANT-STAFF" },
                    { new Guid("0190a5c8-0000-7000-8000-000000000004"), "role-grid-worker", "grid-worker", "GRID-WORKER" },
                    { new Guid("0190a5c8-0000-7000-8000-000000000005"), "role-community-admin", "community-admin", "COMMUNITY-ADMIN" },
                    { new Guid("0190a5c8-0000-7000-8000-000000000006"), "role-street-admin", "street-admin", "STREET-ADMIN" }
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DeleteData(
                table: "AspNetRoles",
                keyColumn: "id",
                keyValue: new Guid("0190a5c8-0000-7000-8000-000000000001"));

            migrationBuilder.DeleteData(
                table: "AspNetRoles",
                keyColumn: "id",
                keyValue: new Guid("0190a5c8-0000-7000-8000-000000000002"));

            migrationBuilder.DeleteData(
                table: "AspNetRoles",
                keyColumn: "id",
                keyValue: new Guid("0190a5c8-0000-7000-8000-000000000003"));

            migrationBuilder.DeleteData(
                table: "AspNetRoles",
                keyColumn: "id",
                keyValue: new Guid("0190a5c8-0000-7000-8000-000000000004"));

            migrationBuilder.DeleteData(
                table: "AspNetRoles",
                keyColumn: "id",
                keyValue: new Guid("0190a5c8-0000-7000-8000-000000000005"));

            migrationBuilder.DeleteData(
                table: "AspNetRoles",
                keyColumn: "id",
                keyValue: new Guid("0190a5c8-0000-7000-8000-000000000006"));
        }
    }
}
