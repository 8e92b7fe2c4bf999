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

    /// <summary>Every table with row-level security: the tenants themselves and every tenant-owned table.</summary>
    public static IReadOnlyList<string> Tables { get; } = ["tenants", .. FactorTraceDb.TenantOwnedTables];

    /// <summary>
    /// <c>FORCE ROW LEVEL SECURITY</c>: the policies bind the table's owner too. The owner (the role running this
    /// migration) keeps one way in, the <c>system_access</c> policy, and only while its session says
    /// <c>factortrace.system = on</c>, which only <see cref="SystemDbFactory"/> contexts write. An application connection
    /// that is mistakenly the owner therefore still sees nothing without a tenant (and the service refuses to start on it).
    /// </summary>
    public static void Force(MigrationBuilder migrationBuilder, string table)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql($"""
            ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
            CREATE POLICY system_access ON {table} TO CURRENT_USER
              USING (current_setting('{TenantSessionInterceptor.SystemSettingName}', true) = 'on')
              WITH CHECK (current_setting('{TenantSessionInterceptor.SystemSettingName}', true) = 'on');
            """);
    }

    /// <summary>Undoes <see cref="Force"/> (down migration).</summary>
    public static void Unforce(MigrationBuilder migrationBuilder, string table)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql($"""
            DROP POLICY IF EXISTS system_access ON {table};
            ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;
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
