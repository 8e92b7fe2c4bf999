using FactorTrace.Data;
using FactorTrace.Server.Hosting;

namespace FactorTrace.Server.Tenancy;

/// <summary>Registration of the database and what the tenancy rules need: tenant directory and policies, audit, security log.</summary>
internal static class StorageAndTenancySetup
{
    /// <summary>Adds the database (SQLite in the data directory unless configured), its initializer, tenant resolution, audit, the security log and batch quotas.</summary>
    public static IServiceCollection AddStorageAndTenancy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFactorTraceData(o => configuration.GetSection(DatabaseOptions.SectionName).Bind(o));
        services.AddOptions<DatabaseOptions>().PostConfigure(db =>
        {
            if (!db.IsPostgres && string.IsNullOrWhiteSpace(db.ConnectionString))
            {
                db.ConnectionString = Data.DataDirectory.SqliteConnectionString(ServiceOptionsSetup.DataDirectory(configuration));
            }
        });
        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<TenantPolicyCache>();
        services.AddScoped<AuditLog>();
        services.AddScoped<CrossTenantGuard>();
        services.AddSingleton<SecurityLog>();
        services.AddHostedService(sp => sp.GetRequiredService<SecurityLog>());
        services.AddSingleton<BatchQuota>();
        return services;
    }
}
