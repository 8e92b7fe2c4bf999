using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactorTrace.Data.Migrations
{
    /// <inheritdoc />
    public partial class ActivityListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_activity_records_tenant_id_accounting_date",
                table: "activity_records");

            migrationBuilder.CreateIndex(
                name: "ix_activity_records_tenant_id_accounting_date_id",
                table: "activity_records",
                columns: new[] { "tenant_id", "accounting_date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_activity_records_tenant_id_activity_id_accounting_date",
                table: "activity_records",
                columns: new[] { "tenant_id", "activity_id", "accounting_date" });

            migrationBuilder.CreateIndex(
                name: "ix_activity_records_tenant_id_id",
                table: "activity_records",
                columns: new[] { "tenant_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_activity_records_tenant_id_scope_accounting_date",
                table: "activity_records",
                columns: new[] { "tenant_id", "scope", "accounting_date" });

            migrationBuilder.CreateIndex(
                name: "ix_activity_records_tenant_id_site_accounting_date",
                table: "activity_records",
                columns: new[] { "tenant_id", "site", "accounting_date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_activity_records_tenant_id_accounting_date_id",
                table: "activity_records");

            migrationBuilder.DropIndex(
                name: "ix_activity_records_tenant_id_activity_id_accounting_date",
                table: "activity_records");

            migrationBuilder.DropIndex(
                name: "ix_activity_records_tenant_id_id",
                table: "activity_records");

            migrationBuilder.DropIndex(
                name: "ix_activity_records_tenant_id_scope_accounting_date",
                table: "activity_records");

            migrationBuilder.DropIndex(
                name: "ix_activity_records_tenant_id_site_accounting_date",
                table: "activity_records");

            migrationBuilder.CreateIndex(
                name: "ix_activity_records_tenant_id_accounting_date",
                table: "activity_records",
                columns: new[] { "tenant_id", "accounting_date" });
        }
    }
}
