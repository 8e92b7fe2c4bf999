using System;
using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactorTrace.Data.Migrations
{
    /// <inheritdoc />
    public partial class ErpConnections : Migration
    {
        private static readonly string[] Tables = ["erp_connections", "erp_pulls", "erp_lines"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "erp_connections",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    name = table.Column<string>(maxLength: 100, nullable: false),
                    kind = table.Column<string>(maxLength: 8, nullable: false),
                    base_url = table.Column<string>(maxLength: 1000, nullable: false),
                    entity = table.Column<string>(maxLength: 300, nullable: false),
                    mapping = table.Column<string>(nullable: false),
                    schedule_minutes = table.Column<int>(nullable: false),
                    credentials = table.Column<byte[]>(nullable: true),
                    watermark = table.Column<DateTime>(nullable: true),
                    next_pull_at = table.Column<DateTime>(nullable: true),
                    lease_until = table.Column<DateTime>(nullable: true),
                    last_pull_at = table.Column<DateTime>(nullable: true),
                    last_status = table.Column<string>(maxLength: 16, nullable: true),
                    last_error = table.Column<string>(maxLength: 2000, nullable: true),
                    last_success_at = table.Column<DateTime>(nullable: true),
                    last_success_lines = table.Column<int>(nullable: false),
                    created_at = table.Column<DateTime>(nullable: false),
                    updated_at = table.Column<DateTime>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_erp_connections", x => x.id);
                    table.ForeignKey(
                        name: "fk_erp_connections_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "erp_lines",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    connection_id = table.Column<Guid>(nullable: false),
                    document_id = table.Column<string>(maxLength: 100, nullable: false),
                    line_id = table.Column<string>(maxLength: 100, nullable: false),
                    changed_at = table.Column<DateTime>(nullable: false),
                    raw = table.Column<string>(nullable: false),
                    record_id = table.Column<Guid>(nullable: true),
                    error = table.Column<string>(maxLength: 500, nullable: true),
                    updated_at = table.Column<DateTime>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_erp_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_erp_lines_erp_connections_connection_id",
                        column: x => x.connection_id,
                        principalTable: "erp_connections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_erp_lines_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "erp_pulls",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    tenant_id = table.Column<Guid>(nullable: false),
                    connection_id = table.Column<Guid>(nullable: false),
                    trigger = table.Column<string>(maxLength: 16, nullable: false),
                    status = table.Column<string>(maxLength: 16, nullable: false),
                    started_at = table.Column<DateTime>(nullable: false),
                    finished_at = table.Column<DateTime>(nullable: true),
                    watermark_from = table.Column<DateTime>(nullable: true),
                    watermark_to = table.Column<DateTime>(nullable: true),
                    pages = table.Column<int>(nullable: false),
                    fetched = table.Column<int>(nullable: false),
                    created = table.Column<int>(nullable: false),
                    updated = table.Column<int>(nullable: false),
                    unchanged = table.Column<int>(nullable: false),
                    invalid = table.Column<int>(nullable: false),
                    error = table.Column<string>(maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_erp_pulls", x => x.id);
                    table.ForeignKey(
                        name: "fk_erp_pulls_erp_connections_connection_id",
                        column: x => x.connection_id,
                        principalTable: "erp_connections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_erp_pulls_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_erp_connections_next_pull_at",
                table: "erp_connections",
                column: "next_pull_at");

            migrationBuilder.CreateIndex(
                name: "ix_erp_connections_tenant_id_name",
                table: "erp_connections",
                columns: new[] { "tenant_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_erp_lines_connection_id_document_id_line_id",
                table: "erp_lines",
                columns: new[] { "connection_id", "document_id", "line_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_erp_lines_record_id",
                table: "erp_lines",
                column: "record_id");

            migrationBuilder.CreateIndex(
                name: "ix_erp_lines_tenant_id",
                table: "erp_lines",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_erp_pulls_connection_id_started_at",
                table: "erp_pulls",
                columns: new[] { "connection_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_erp_pulls_tenant_id",
                table: "erp_pulls",
                column: "tenant_id");

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
                name: "erp_lines");

            migrationBuilder.DropTable(
                name: "erp_pulls");

            migrationBuilder.DropTable(
                name: "erp_connections");
        }
    }
}
