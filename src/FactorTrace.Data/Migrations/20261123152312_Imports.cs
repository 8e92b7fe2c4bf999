using System;
using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactorTrace.Data.Migrations
{
    /// <inheritdoc />
    public partial class Imports : Migration
    {
        private static readonly string[] Tables = ["imports", "mapping_templates"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "imports",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    file_name = table.Column<string>(maxLength: 260, nullable: false),
                    format = table.Column<string>(maxLength: 8, nullable: false),
                    file_sha256 = table.Column<string>(maxLength: 64, nullable: false),
                    size_bytes = table.Column<long>(nullable: false),
                    status = table.Column<string>(maxLength: 16, nullable: false),
                    template = table.Column<string>(maxLength: 100, nullable: true),
                    layout = table.Column<string>(nullable: false),
                    mapping = table.Column<string>(nullable: false),
                    patches = table.Column<string>(nullable: true),
                    rows = table.Column<long>(nullable: false),
                    valid = table.Column<long>(nullable: false),
                    invalid = table.Column<long>(nullable: false),
                    warnings = table.Column<long>(nullable: false),
                    committed = table.Column<long>(nullable: false),
                    created_by = table.Column<string>(maxLength: 200, nullable: false),
                    created_at = table.Column<DateTime>(nullable: false),
                    updated_at = table.Column<DateTime>(nullable: false),
                    committed_at = table.Column<DateTime>(nullable: true),
                    rolled_back_at = table.Column<DateTime>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_imports", x => x.id);
                    table.ForeignKey(
                        name: "fk_imports_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mapping_templates",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    name = table.Column<string>(maxLength: 100, nullable: false),
                    mapping = table.Column<string>(nullable: false),
                    created_at = table.Column<DateTime>(nullable: false),
                    updated_at = table.Column<DateTime>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mapping_templates", x => x.id);
                    table.ForeignKey(
                        name: "fk_mapping_templates_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_imports_tenant_id_created_at",
                table: "imports",
                columns: new[] { "tenant_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_imports_tenant_id_file_sha256",
                table: "imports",
                columns: new[] { "tenant_id", "file_sha256" });

            migrationBuilder.CreateIndex(
                name: "ix_mapping_templates_tenant_id_name",
                table: "mapping_templates",
                columns: new[] { "tenant_id", "name" },
                unique: true);

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
                name: "imports");

            migrationBuilder.DropTable(
                name: "mapping_templates");
        }
    }
}
