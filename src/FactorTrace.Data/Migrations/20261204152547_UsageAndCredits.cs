using System;
using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactorTrace.Data.Migrations
{
    /// <inheritdoc />
    public partial class UsageAndCredits : Migration
    {
        private static readonly string[] Tables = ["usage_days", "credit_accounts", "credit_entries"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "credit_accounts",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(nullable: false),
                    balance_millis = table.Column<long>(nullable: false),
                    updated_at = table.Column<DateTime>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_accounts", x => x.tenant_id);
                    table.CheckConstraint("ck_credit_accounts_balance", "balance_millis >= 0");
                    table.ForeignKey(
                        name: "fk_credit_accounts_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "credit_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    at = table.Column<DateTime>(nullable: false),
                    kind = table.Column<string>(maxLength: 16, nullable: false),
                    amount_millis = table.Column<long>(nullable: false),
                    balance_after_millis = table.Column<long>(nullable: false),
                    meter = table.Column<string>(maxLength: 32, nullable: true),
                    quantity = table.Column<long>(nullable: false),
                    reason = table.Column<string>(maxLength: 500, nullable: false),
                    actor = table.Column<string>(maxLength: 200, nullable: false),
                    reference = table.Column<string>(maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_credit_entries_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "usage_days",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(nullable: false),
                    day = table.Column<DateOnly>(nullable: false),
                    meter = table.Column<string>(maxLength: 32, nullable: false),
                    quantity = table.Column<long>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_usage_days", x => new { x.tenant_id, x.day, x.meter });
                    table.ForeignKey(
                        name: "fk_usage_days_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_credit_entries_tenant_id_at",
                table: "credit_entries",
                columns: new[] { "tenant_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_usage_days_day_meter",
                table: "usage_days",
                columns: new[] { "day", "meter" });

            if (migrationBuilder.IsNpgsql())
            {
                foreach (var table in Tables)
                {
                    RowLevelSecurity.Enable(migrationBuilder, table, "tenant_id");
                    RowLevelSecurity.Force(migrationBuilder, table);
                }
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.IsNpgsql())
            {
                foreach (var table in Tables)
                {
                    RowLevelSecurity.Unforce(migrationBuilder, table);
                    RowLevelSecurity.Disable(migrationBuilder, table);
                }
            }

            migrationBuilder.DropTable(
                name: "credit_accounts");

            migrationBuilder.DropTable(
                name: "credit_entries");

            migrationBuilder.DropTable(
                name: "usage_days");
        }
    }
}
