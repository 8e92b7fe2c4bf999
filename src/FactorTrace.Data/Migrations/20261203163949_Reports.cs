using System;
using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactorTrace.Data.Migrations
{
    /// <inheritdoc />
    public partial class Reports : Migration
    {
        private static readonly string[] Tables = ["reports", "report_files", "reporting_periods"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "base_year_from",
                table: "tenant_settings",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "base_year_to",
                table: "tenant_settings",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "lei",
                table: "tenant_settings",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "nace_activity",
                table: "tenant_settings",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "reporting_periods",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(nullable: false),
                    from = table.Column<DateOnly>(nullable: false),
                    to = table.Column<DateOnly>(nullable: false),
                    net_revenue = table.Column<decimal>(precision: 20, scale: 2, nullable: true),
                    currency = table.Column<string>(maxLength: 3, nullable: true),
                    ets_share_percent = table.Column<double>(nullable: true),
                    scope3_exclusions = table.Column<string>(nullable: true),
                    narratives = table.Column<string>(nullable: true),
                    updated_at = table.Column<DateTime>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reporting_periods", x => new { x.tenant_id, x.from, x.to });
                    table.ForeignKey(
                        name: "fk_reporting_periods_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "reports",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    framework = table.Column<string>(maxLength: 16, nullable: false),
                    from = table.Column<DateOnly>(nullable: false),
                    to = table.Column<DateOnly>(nullable: false),
                    status = table.Column<string>(maxLength: 16, nullable: false),
                    error = table.Column<string>(nullable: true),
                    calculation_run_id = table.Column<Guid>(nullable: false),
                    comparative_run_ids = table.Column<string>(nullable: true),
                    supersedes_report_id = table.Column<Guid>(nullable: true),
                    gwp_set = table.Column<string>(maxLength: 16, nullable: true),
                    dataset_versions = table.Column<string>(nullable: true),
                    request = table.Column<string>(nullable: false),
                    actor = table.Column<string>(maxLength: 200, nullable: false),
                    created_at = table.Column<DateTime>(nullable: false),
                    finished_at = table.Column<DateTime>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reports", x => x.id);
                    table.ForeignKey(
                        name: "fk_reports_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "report_files",
                columns: table => new
                {
                    report_id = table.Column<Guid>(nullable: false),
                    kind = table.Column<string>(maxLength: 8, nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    content_type = table.Column<string>(maxLength: 100, nullable: false),
                    file_name = table.Column<string>(maxLength: 200, nullable: false),
                    sha256 = table.Column<string>(maxLength: 64, nullable: false),
                    length = table.Column<long>(nullable: false),
                    content = table.Column<byte[]>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_report_files", x => new { x.report_id, x.kind });
                    table.ForeignKey(
                        name: "fk_report_files_reports_report_id",
                        column: x => x.report_id,
                        principalTable: "reports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_reports_tenant_id_from_to_created_at",
                table: "reports",
                columns: new[] { "tenant_id", "from", "to", "created_at" });

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
                name: "report_files");

            migrationBuilder.DropTable(
                name: "reporting_periods");

            migrationBuilder.DropTable(
                name: "reports");

            migrationBuilder.DropColumn(
                name: "base_year_from",
                table: "tenant_settings");

            migrationBuilder.DropColumn(
                name: "base_year_to",
                table: "tenant_settings");

            migrationBuilder.DropColumn(
                name: "lei",
                table: "tenant_settings");

            migrationBuilder.DropColumn(
                name: "nace_activity",
                table: "tenant_settings");
        }
    }
}
