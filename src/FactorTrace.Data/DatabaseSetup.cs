using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FactorTrace.Data;

/// <summary>Registration of the database for the service and the CLI.</summary>
public static class DatabaseSetup
{
    /// <summary>
    /// Registers <see cref="FactorTraceDb"/> (scoped, bound to the request's <see cref="TenantScope"/>),
    /// <see cref="SystemDbFactory"/> and <see cref="DatabaseMigrator"/>, with options validated at start-up.
    /// </summary>
    public static IServiceCollection AddFactorTraceData(this IServiceCollection services, Action<DatabaseOptions>? configure = null)
    {
        var builder = services.AddOptions<DatabaseOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.AddScoped<TenantScope>();
        services.AddScoped(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var scope = sp.GetRequiredService<TenantScope>();
            var contextOptions = Configure(new DbContextOptionsBuilder<FactorTraceDb>(), options, owner: false, scope).Options;
            return new FactorTraceDb(contextOptions, scope, options.TenantQueryFilters);
        });
        services.AddSingleton<SystemDbFactory>();
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }

    /// <summary>A context outside dependency injection: on the owner or the application connection, bound to <paramref name="scope"/>.</summary>
    public static FactorTraceDb CreateContext(DatabaseOptions options, bool owner, TenantScope scope)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scope);
        return new FactorTraceDb(Configure(new DbContextOptionsBuilder<FactorTraceDb>(), options, owner, scope).Options, scope, options.TenantQueryFilters);
    }

    internal static DbContextOptionsBuilder<FactorTraceDb> Configure(
        DbContextOptionsBuilder<FactorTraceDb> builder, DatabaseOptions options, bool owner, TenantScope? scope = null)
    {
        var connectionString = owner ? options.EffectiveOwnerConnectionString : options.ConnectionString;
        if (options.IsPostgres)
        {
            builder.UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__ef_migrations_history"));
            builder.AddInterceptors(new TenantSessionInterceptor(scope ?? new TenantScope()));
        }
        else
        {
            builder.UseSqlite(connectionString, o => o.MigrationsHistoryTable("__ef_migrations_history"));
        }

        // One provider-neutral migration history serves both databases; the snapshot carries no store types, so the
        // pending-model check is made by a test on each provider rather than at every start.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        return builder;
    }
}
