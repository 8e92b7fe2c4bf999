using Microsoft.EntityFrameworkCore.Migrations;

namespace FactorTrace.Data.Tenancy;

/// <summary>
/// PostgreSQL row-level security for tenant-owned tables, used by migrations.
/// Policies compare the row's tenant column with the session setting <c>factortrace.tenant_id</c> written by
/// <see cref="TenantSessionInterceptor"/>; an unset or empty setting matches no row. The schema owner (migrations,
/// <see cref="SystemDbFactory"/>) is not subject to the policies; the application's role is: the migration creates the
/// group role <c>factortrace_app</c> with table privileges, and a deployment grants it to the login role the service uses.
/// </summary>
public static class RowLevelSecurity
{
    /// <summary>The group role that carries the application's privileges.</summary>
    public const string AppRole = "factortrace_app";

    /// <summary>Creates the application role when missing, grants it the table and turns on the tenant policy.</summary>
    public static void Enable(MigrationBuilder migrationBuilder, string table, string tenantColumn)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql($"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{AppRole}') THEN CREATE ROLE {AppRole} NOLOGIN; END IF;
            END $$;
            GRANT USAGE ON SCHEMA public TO {AppRole};
            GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {table} TO {AppRole};
            ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON {table}
              USING ({tenantColumn} = NULLIF(current_setting('{TenantSessionInterceptor.SettingName}', true), '')::uuid)
              WITH CHECK ({tenantColumn} = NULLIF(current_setting('{TenantSessionInterceptor.SettingName}', true), '')::uuid);
            """);
    }

    /// <summary>Removes the policy and turns row-level security off (down migration).</summary>
    public static void Disable(MigrationBuilder migrationBuilder, string table)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql($"""
            DROP POLICY IF EXISTS tenant_isolation ON {table};
            ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;
            """);
    }
}
