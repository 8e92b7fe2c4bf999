using System;
using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactorTrace.Data.Migrations
{
    /// <inheritdoc />
    public partial class Ledger : Migration
    {
        private static readonly string[] Tables = ["activity_records", "private_factors", "calculation_runs", "run_factors", "emission_results"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "activity_records",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    activity_id = table.Column<string>(nullable: true),
                    description = table.Column<string>(nullable: true),
                    amount = table.Column<double>(nullable: true),
                    unit = table.Column<string>(nullable: true),
                    date = table.Column<DateOnly>(nullable: true),
                    period_start = table.Column<DateOnly>(nullable: true),
                    period_end = table.Column<DateOnly>(nullable: true),
                    accounting_date = table.Column<DateOnly>(nullable: false),
                    site = table.Column<string>(nullable: true),
                    region = table.Column<string>(nullable: true),
                    scope = table.Column<string>(nullable: true),
                    category = table.Column<string>(nullable: true),
                    supplier = table.Column<string>(nullable: true),
                    spend = table.Column<double>(nullable: true),
                    currency = table.Column<string>(nullable: true),
                    instrument_type = table.Column<string>(nullable: true),
                    instrument_reference = table.Column<string>(nullable: true),
                    instrument_kg_co2e_per_kwh = table.Column<double>(nullable: true),
                    notes = table.Column<string>(nullable: true),
                    import_id = table.Column<Guid>(nullable: true),
                    created_at = table.Column<DateTime>(nullable: false),
                    updated_at = table.Column<DateTime>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_activity_records", x => x.id);
                    table.ForeignKey(
                        name: "fk_activity_records_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "calculation_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    from = table.Column<DateOnly>(nullable: false),
                    to = table.Column<DateOnly>(nullable: false),
                    status = table.Column<string>(maxLength: 16, nullable: false),
                    gwp_set = table.Column<string>(maxLength: 8, nullable: false),
                    dataset_versions = table.Column<string>(nullable: false),
                    generation = table.Column<string>(nullable: false),
                    supersedes_run_id = table.Column<Guid>(nullable: true),
                    actor = table.Column<string>(nullable: false),
                    started_at = table.Column<DateTime>(nullable: false),
                    finished_at = table.Column<DateTime>(nullable: true),
                    records = table.Column<int>(nullable: false),
                    calculated = table.Column<int>(nullable: false),
                    failed = table.Column<int>(nullable: false),
                    kg_co2e_location = table.Column<double>(nullable: false),
                    kg_co2e_market = table.Column<double>(nullable: false),
                    error = table.Column<string>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calculation_runs", x => x.id);
                    table.ForeignKey(
                        name: "fk_calculation_runs_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "private_factors",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    activity_id = table.Column<string>(nullable: false),
                    name = table.Column<string>(nullable: false),
                    kind = table.Column<string>(maxLength: 32, nullable: false),
                    region = table.Column<string>(nullable: true),
                    unit = table.Column<string>(nullable: false),
                    kg_co2e_per_unit = table.Column<double>(nullable: false),
                    gwp_set = table.Column<string>(maxLength: 8, nullable: false),
                    co2_kg_per_unit = table.Column<double>(nullable: true),
                    ch4_kg_per_unit = table.Column<double>(nullable: true),
                    n2o_kg_per_unit = table.Column<double>(nullable: true),
                    supplier = table.Column<string>(nullable: true),
                    valid_from = table.Column<DateOnly>(nullable: true),
                    valid_to = table.Column<DateOnly>(nullable: true),
                    evidence = table.Column<string>(nullable: true),
                    gsd = table.Column<double>(nullable: true),
                    created_at = table.Column<DateTime>(nullable: false),
                    updated_at = table.Column<DateTime>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_private_factors", x => x.id);
                    table.ForeignKey(
                        name: "fk_private_factors_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "emission_results",
                columns: table => new
                {
                    run_id = table.Column<Guid>(nullable: false),
                    record_id = table.Column<Guid>(nullable: false),
                    method = table.Column<string>(maxLength: 8, nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    accounting_date = table.Column<DateOnly>(nullable: false),
                    scope = table.Column<string>(nullable: false),
                    category = table.Column<string>(nullable: true),
                    site = table.Column<string>(nullable: true),
                    quantity = table.Column<double>(nullable: false),
                    unit = table.Column<string>(nullable: true),
                    kg_co2e = table.Column<double>(nullable: false),
                    co2_kg_co2e = table.Column<double>(nullable: false),
                    ch4_kg_co2e = table.Column<double>(nullable: false),
                    n2o_kg_co2e = table.Column<double>(nullable: false),
                    other_kg_co2e = table.Column<double>(nullable: false),
                    factor_no = table.Column<int>(nullable: false),
                    sigma_ln = table.Column<double>(nullable: false),
                    quality_score = table.Column<int>(nullable: false),
                    tier = table.Column<int>(nullable: false),
                    is_primary = table.Column<bool>(nullable: false),
                    status = table.Column<string>(maxLength: 8, nullable: false),
                    error_code = table.Column<string>(nullable: true),
                    note = table.Column<string>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_emission_results", x => new { x.run_id, x.record_id, x.method });
                    table.ForeignKey(
                        name: "fk_emission_results_calculation_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "calculation_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "run_factors",
                columns: table => new
                {
                    run_id = table.Column<Guid>(nullable: false),
                    no = table.Column<int>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    factor_id = table.Column<string>(nullable: false),
                    source = table.Column<string>(nullable: false),
                    sha256 = table.Column<string>(nullable: false),
                    answer = table.Column<string>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_run_factors", x => new { x.run_id, x.no });
                    table.ForeignKey(
                        name: "fk_run_factors_calculation_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "calculation_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_activity_records_import_id",
                table: "activity_records",
                column: "import_id");

            migrationBuilder.CreateIndex(
                name: "ix_activity_records_tenant_id_accounting_date",
                table: "activity_records",
                columns: new[] { "tenant_id", "accounting_date" });

            migrationBuilder.CreateIndex(
                name: "ix_calculation_runs_tenant_id_started_at",
                table: "calculation_runs",
                columns: new[] { "tenant_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_emission_results_run_id_accounting_date",
                table: "emission_results",
                columns: new[] { "run_id", "accounting_date" });

            migrationBuilder.CreateIndex(
                name: "ix_private_factors_tenant_id_activity_id",
                table: "private_factors",
                columns: new[] { "tenant_id", "activity_id" });

            if (migrationBuilder.IsNpgsql())
            {
                foreach (var table in Tables)
                {
                    RowLevelSecurity.Enable(migrationBuilder, table, "tenant_id");
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
                    RowLevelSecurity.Disable(migrationBuilder, table);
                }
            }

            migrationBuilder.DropTable(
                name: "activity_records");

            migrationBuilder.DropTable(
                name: "emission_results");

            migrationBuilder.DropTable(
                name: "private_factors");

            migrationBuilder.DropTable(
                name: "run_factors");

            migrationBuilder.DropTable(
                name: "calculation_runs");
        }
    }
}
