using System;
using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactorTrace.Data.Migrations
{
    /// <inheritdoc />
    public partial class Classification : Migration
    {
        private static readonly string[] Tables = ["supplier_rules", "classification_spend"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "classified_by",
                table: "activity_records",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "classification_spend",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(nullable: false),
                    month = table.Column<DateOnly>(nullable: false),
                    provider = table.Column<string>(maxLength: 64, nullable: false),
                    requests = table.Column<long>(nullable: false),
                    prompt_tokens = table.Column<long>(nullable: false),
                    completion_tokens = table.Column<long>(nullable: false),
                    cost = table.Column<double>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_classification_spend", x => new { x.tenant_id, x.month, x.provider });
                    table.ForeignKey(
                        name: "fk_classification_spend_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "supplier_rules",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    pattern = table.Column<string>(maxLength: 200, nullable: false),
                    activity_id = table.Column<string>(maxLength: 200, nullable: false),
                    category = table.Column<string>(maxLength: 8, nullable: true),
                    created_at = table.Column<DateTime>(nullable: false),
                    updated_at = table.Column<DateTime>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supplier_rules", x => x.id);
                    table.ForeignKey(
                        name: "fk_supplier_rules_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_supplier_rules_tenant_id_pattern",
                table: "supplier_rules",
                columns: new[] { "tenant_id", "pattern" },
                unique: true);

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
                name: "classification_spend");

            migrationBuilder.DropTable(
                name: "supplier_rules");

            migrationBuilder.DropColumn(
                name: "classified_by",
                table: "activity_records");
        }
    }
}
