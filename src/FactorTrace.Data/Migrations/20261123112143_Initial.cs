using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactorTrace.Data.Migrations;

/// <inheritdoc />
public partial class Initial : Migration
{
    // The tenant-owned tables this migration creates (later migrations enable their own).
    private static readonly string[] Tables = ["tenant_settings", "users", "api_keys", "audit_events"];

    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "tenants",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                slug = table.Column<string>(maxLength: 64, nullable: false),
                name = table.Column<string>(maxLength: 200, nullable: false),
                created_at = table.Column<DateTime>(nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_tenants", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "api_keys",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                tenant_id = table.Column<Guid>(nullable: false),
                name = table.Column<string>(nullable: false),
                prefix = table.Column<string>(maxLength: 32, nullable: false),
                secret_hash = table.Column<string>(maxLength: 64, nullable: false),
                role = table.Column<string>(maxLength: 16, nullable: false),
                created_by = table.Column<Guid>(nullable: true),
                created_at = table.Column<DateTime>(nullable: false),
                expires_at = table.Column<DateTime>(nullable: true),
                revoked_at = table.Column<DateTime>(nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_api_keys", x => x.id);
                table.ForeignKey(
                    name: "fk_api_keys_tenants_tenant_id",
                    column: x => x.tenant_id,
                    principalTable: "tenants",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "audit_events",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                tenant_id = table.Column<Guid>(nullable: false),
                at = table.Column<DateTime>(nullable: false),
                actor = table.Column<string>(maxLength: 200, nullable: false),
                action = table.Column<string>(maxLength: 64, nullable: false),
                resource = table.Column<string>(nullable: true),
                resource_id = table.Column<string>(nullable: true),
                request_id = table.Column<string>(nullable: true),
                detail = table.Column<string>(nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_audit_events", x => x.id);
                table.ForeignKey(
                    name: "fk_audit_events_tenants_tenant_id",
                    column: x => x.tenant_id,
                    principalTable: "tenants",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "tenant_settings",
            columns: table => new
            {
                tenant_id = table.Column<Guid>(nullable: false),
                source_priority = table.Column<string>(nullable: true),
                allowed_sources = table.Column<string>(nullable: true),
                rate_limit_per_minute = table.Column<int>(nullable: true),
                updated_at = table.Column<DateTime>(nullable: false),
                version = table.Column<Guid>(nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_tenant_settings", x => x.tenant_id);
                table.ForeignKey(
                    name: "fk_tenant_settings_tenants_tenant_id",
                    column: x => x.tenant_id,
                    principalTable: "tenants",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "users",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                tenant_id = table.Column<Guid>(nullable: false),
                email = table.Column<string>(maxLength: 320, nullable: false),
                name = table.Column<string>(nullable: true),
                role = table.Column<string>(maxLength: 16, nullable: false),
                password_hash = table.Column<string>(nullable: true),
                disabled = table.Column<bool>(nullable: false),
                platform_admin = table.Column<bool>(nullable: false),
                created_at = table.Column<DateTime>(nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_users", x => x.id);
                table.ForeignKey(
                    name: "fk_users_tenants_tenant_id",
                    column: x => x.tenant_id,
                    principalTable: "tenants",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "ix_api_keys_prefix",
            table: "api_keys",
            column: "prefix",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "ix_api_keys_tenant_id",
            table: "api_keys",
            column: "tenant_id");

        migrationBuilder.CreateIndex(
            name: "ix_audit_events_tenant_id_at",
            table: "audit_events",
            columns: new[] { "tenant_id", "at" });

        migrationBuilder.CreateIndex(
            name: "ix_tenants_slug",
            table: "tenants",
            column: "slug",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "ix_users_email",
            table: "users",
            column: "email",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "ix_users_tenant_id",
            table: "users",
            column: "tenant_id");

        if (migrationBuilder.IsNpgsql())
        {
            RowLevelSecurity.Enable(migrationBuilder, "tenants", "id");
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
            foreach (var table in Tables.Append("tenants"))
            {
                RowLevelSecurity.Disable(migrationBuilder, table);
            }
        }

        migrationBuilder.DropTable(
            name: "api_keys");

        migrationBuilder.DropTable(
            name: "audit_events");

        migrationBuilder.DropTable(
            name: "tenant_settings");

        migrationBuilder.DropTable(
            name: "users");

        migrationBuilder.DropTable(
            name: "tenants");
    }
}
