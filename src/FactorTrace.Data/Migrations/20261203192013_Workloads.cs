using System;
using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactorTrace.Data.Migrations
{
    /// <inheritdoc />
    public partial class Workloads : Migration
    {
        private static readonly string[] Tables = ["service_profiles", "workload_records"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "service_profiles",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    name = table.Column<string>(maxLength: 100, nullable: false),
                    wh_per_unit = table.Column<double>(nullable: true),
                    unit = table.Column<string>(maxLength: 32, nullable: false),
                    pue = table.Column<double>(nullable: false),
                    embodied_share = table.Column<double>(nullable: false),
                    ledger_category = table.Column<string>(maxLength: 16, nullable: false),
                    created_at = table.Column<DateTime>(nullable: false),
                    updated_at = table.Column<DateTime>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_profiles", x => x.id);
                    table.ForeignKey(
                        name: "fk_service_profiles_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workload_records",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    service_id = table.Column<Guid>(nullable: false),
                    region = table.Column<string>(maxLength: 100, nullable: false),
                    zone = table.Column<string>(maxLength: 64, nullable: false),
                    start_unix = table.Column<long>(nullable: false),
                    end_unix = table.Column<long>(nullable: false),
                    units = table.Column<double>(nullable: true),
                    measured_kwh = table.Column<double>(nullable: true),
                    created_at = table.Column<DateTime>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workload_records", x => x.id);
                    table.ForeignKey(
                        name: "fk_workload_records_service_profiles_service_id",
                        column: x => x.service_id,
                        principalTable: "service_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_workload_records_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_service_profiles_tenant_id_name",
                table: "service_profiles",
                columns: new[] { "tenant_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_workload_records_service_id",
                table: "workload_records",
                column: "service_id");

            migrationBuilder.CreateIndex(
                name: "ix_workload_records_tenant_id_service_id_start_unix",
                table: "workload_records",
                columns: new[] { "tenant_id", "service_id", "start_unix" });

            migrationBuilder.CreateIndex(
                name: "ix_workload_records_tenant_id_start_unix",
                table: "workload_records",
                columns: new[] { "tenant_id", "start_unix" });

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
                name: "workload_records");

            migrationBuilder.DropTable(
                name: "service_profiles");
        }
    }
}
