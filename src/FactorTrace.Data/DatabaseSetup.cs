using FactorTrace.Data.Tenancy;
using FactorTrace.Resilience;
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

        // Built once: the tenant is read from each context by the interceptor, so the options do not vary per request.
        services.AddSingleton(sp => Configure(
            new DbContextOptionsBuilder<FactorTraceDb>(),
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value,
            owner: false,
            sp.GetService<DependencyRegistry>()?.Get(DatabaseBreaker.Name, DependencyKind.Database, DatabaseBreaker.IsOutage)).Options);
        services.AddScoped(sp => new FactorTraceDb(
            sp.GetRequiredService<DbContextOptions<FactorTraceDb>>(),
            sp.GetRequiredService<TenantScope>(),
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.TenantQueryFilters));
        services.AddSingleton(sp => new SystemDbFactory(sp.GetRequiredService<IOptions<DatabaseOptions>>(), sp.GetService<DependencyRegistry>()));
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }

    /// <summary>A context outside dependency injection: on the owner or the application connection, bound to <paramref name="scope"/>.</summary>
    public static FactorTraceDb CreateContext(DatabaseOptions options, bool owner, TenantScope scope)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scope);
        return new FactorTraceDb(Configure(new DbContextOptionsBuilder<FactorTraceDb>(), options, owner).Options, scope, options.TenantQueryFilters);
    }

    internal static DbContextOptionsBuilder<FactorTraceDb> Configure(
        DbContextOptionsBuilder<FactorTraceDb> builder, DatabaseOptions options, bool owner, Dependency? breaker = null)
    {
        var connectionString = owner ? options.EffectiveOwnerConnectionString : options.ConnectionString;
        if (options.IsPostgres)
        {
            builder.UseNpgsql(connectionString, o =>
            {
                o.MigrationsHistoryTable("__ef_migrations_history");
                if (breaker is not null)
                {
                    o.ExecutionStrategy(d => new DatabaseBreaker(d, breaker));
                }
            });
            builder.AddInterceptors(owner ? TenantSessionInterceptor.System : TenantSessionInterceptor.Instance);
        }
        else
        {
            builder.UseSqlite(connectionString, o =>
            {
                o.MigrationsHistoryTable("__ef_migrations_history");
                if (breaker is not null)
                {
                    o.ExecutionStrategy(d => new DatabaseBreaker(d, breaker));
                }
            });
        }

        // One provider-neutral migration history serves both databases; the snapshot carries no store types, so the
        // pending-model check is made by a test on each provider rather than at every start.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        return builder;
    }
}
