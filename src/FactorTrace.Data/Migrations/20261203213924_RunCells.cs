using System;
using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactorTrace.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunCells : Migration
    {
        private static readonly string[] Tables = ["run_cells"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "cells_written",
                table: "calculation_runs",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "run_cells",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    run_id = table.Column<Guid>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    year = table.Column<int>(nullable: false),
                    month = table.Column<int>(nullable: false),
                    status = table.Column<string>(maxLength: 8, nullable: false),
                    scope = table.Column<string>(nullable: false),
                    method = table.Column<string>(maxLength: 8, nullable: false),
                    category = table.Column<string>(nullable: true),
                    scope1_source = table.Column<string>(maxLength: 32, nullable: true),
                    site = table.Column<string>(nullable: true),
                    factor_no = table.Column<int>(nullable: false),
                    tier = table.Column<int>(nullable: false),
                    is_primary = table.Column<bool>(nullable: false),
                    basis = table.Column<string>(maxLength: 32, nullable: true),
                    unit = table.Column<string>(nullable: true),
                    quantity = table.Column<double>(nullable: false),
                    kg_co2e = table.Column<double>(nullable: false),
                    co2_kg_co2e = table.Column<double>(nullable: false),
                    ch4_kg_co2e = table.Column<double>(nullable: false),
                    n2o_kg_co2e = table.Column<double>(nullable: false),
                    other_kg_co2e = table.Column<double>(nullable: false),
                    biogenic_co2_kg = table.Column<double>(nullable: false),
                    sigma_ln = table.Column<double>(nullable: false),
                    rows = table.Column<long>(nullable: false),
                    whole_rows = table.Column<long>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_run_cells", x => x.id);
                    table.ForeignKey(
                        name: "fk_run_cells_calculation_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "calculation_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_emission_results_run_id_accounting_date_record_id",
                table: "emission_results",
                columns: new[] { "run_id", "accounting_date", "record_id" },
                filter: "share <> 1.0");

            migrationBuilder.CreateIndex(
                name: "ix_run_cells_run_id_year_month",
                table: "run_cells",
                columns: new[] { "run_id", "year", "month" });

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
                name: "run_cells");

            migrationBuilder.DropIndex(
                name: "ix_emission_results_run_id_accounting_date_record_id",
                table: "emission_results");

            migrationBuilder.DropColumn(
                name: "cells_written",
                table: "calculation_runs");
        }
    }
}
