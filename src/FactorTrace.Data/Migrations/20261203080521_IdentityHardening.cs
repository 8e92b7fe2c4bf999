using System;
using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactorTrace.Data.Migrations
{
    /// <inheritdoc />
    public partial class IdentityHardening : Migration
    {
        // The tables with row-level security when this migration was written; later tables are forced by their own migration.
        private static readonly string[] TablesAtThisMigration =
            ["tenants", "tenant_settings", "users", "api_keys", "audit_events", "activity_records", "private_factors", "calculation_runs", "run_factors", "emission_results", "imports", "mapping_templates"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_users_email",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_users_tenant_id",
                table: "users");

            migrationBuilder.AddColumn<int>(
                name: "failed_sign_ins",
                table: "users",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "locked_until",
                table: "users",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "security_stamp",
                table: "users",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<int>(
                name: "max_rate_limit_per_minute",
                table: "tenants",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "security_events",
                columns: table => new
                {
                    id = table.Column<Guid>(nullable: false),
                    at = table.Column<DateTime>(nullable: false),
                    kind = table.Column<string>(maxLength: 64, nullable: false),
                    actor_tenant_id = table.Column<Guid>(nullable: true),
                    actor = table.Column<string>(maxLength: 200, nullable: false),
                    target_tenant_id = table.Column<Guid>(nullable: true),
                    resource = table.Column<string>(maxLength: 64, nullable: true),
                    resource_id = table.Column<string>(maxLength: 320, nullable: true),
                    client_address = table.Column<string>(maxLength: 64, nullable: true),
                    request_id = table.Column<string>(maxLength: 128, nullable: true),
                    detail = table.Column<string>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_security_events", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_users_email",
                table: "users",
                column: "email");

            migrationBuilder.CreateIndex(
                name: "ix_users_tenant_id_email",
                table: "users",
                columns: new[] { "tenant_id", "email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_security_events_at",
                table: "security_events",
                column: "at");

            if (migrationBuilder.IsNpgsql())
            {
                // The security log is the platform's: the application role gets no privilege on it.
                foreach (var table in TablesAtThisMigration)
                {
                    RowLevelSecurity.Force(migrationBuilder, table);
                }
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.IsNpgsql())
            {
                foreach (var table in TablesAtThisMigration)
                {
                    RowLevelSecurity.Unforce(migrationBuilder, table);
                }
            }

            migrationBuilder.DropTable(
                name: "security_events");

            migrationBuilder.DropIndex(
                name: "ix_users_email",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_users_tenant_id_email",
                table: "users");

            migrationBuilder.DropColumn(
                name: "failed_sign_ins",
                table: "users");

            migrationBuilder.DropColumn(
                name: "locked_until",
                table: "users");

            migrationBuilder.DropColumn(
                name: "security_stamp",
                table: "users");

            migrationBuilder.DropColumn(
                name: "max_rate_limit_per_minute",
                table: "tenants");

            migrationBuilder.CreateIndex(
                name: "ix_users_email",
                table: "users",
                column: "email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_tenant_id",
                table: "users",
                column: "tenant_id");
        }
    }
}
