using FactorTrace.Broker;
using FactorTrace.Data;
using FactorTrace.Import;
using FactorTrace.Import.Processing;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Observability;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry.Metrics;

namespace FactorTrace.Server.Hosting;

/// <summary>Registration of the service's settings, storage, tenancy and observability.</summary>
internal static class ServiceSetup
{
    public static IServiceCollection AddServiceOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServiceOptions>()
            .Bind(configuration.GetSection(ServiceOptions.SectionName))
            .PostConfigure(o => o.DataDirectory = DataDirectory(configuration))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Checked at start: a bad source order used to be swallowed and show up as "datasets not ready" on every request.
        services.AddOptions<BrokerOptions>().Bind(configuration.GetSection(BrokerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<BrokerOptions>, BrokerOptionsValidator>();
        // Kestrel is built with the application, before options are validated: read the raw value (validated later).
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize =
            long.TryParse(configuration[$"{ServiceOptions.SectionName}:Api:MaxRequestBodyBytes"], out var limit) && limit > 0 ? limit : new ApiOptions().MaxRequestBodyBytes);
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddHttpContextAccessor();
        return services;
    }

    /// <summary><c>FactorTrace:DataDirectory</c>, else <c>~/.local/share/factortrace</c> (or the platform's equivalent), else <c>./data</c>.</summary>
    public static string DataDirectory(IConfiguration configuration)
    {
        if (configuration[$"{ServiceOptions.SectionName}:DataDirectory"] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return string.IsNullOrEmpty(local) ? Path.Combine(Directory.GetCurrentDirectory(), "data") : Path.Combine(local, "factortrace");
    }

    public static IServiceCollection AddStorageAndTenancy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFactorTraceData(o => configuration.GetSection(DatabaseOptions.SectionName).Bind(o));
        services.AddOptions<DatabaseOptions>().PostConfigure(db =>
        {
            if (!db.IsPostgres && string.IsNullOrWhiteSpace(db.ConnectionString))
            {
                db.ConnectionString = $"Data Source={Path.Combine(DataDirectory(configuration), "factortrace.db")}";
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
        services.AddSingleton<Ledger.PrivateFactorCache>();
        services.AddSingleton<Ledger.LedgerCalculator>();
        services.AddSingleton<Reporting.ReportWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Reporting.ReportWorker>());
        services.AddImports(o => configuration.GetSection(ImportOptions.SectionName).Bind(o), Path.Combine(DataDirectory(configuration), "imports"));
        services.AddSingleton<IActivityMatcher>(sp => new SearchActivityMatcher(() => sp.GetRequiredService<Factors.BrokerHost>().Broker?.Search));
        services.AddFactorTraceIdentity(configuration);
        services.AddTenantRateLimits();
        return services;
    }

    public static IServiceCollection AddObservability(this IServiceCollection services)
    {
        services.AddSingleton<ServiceMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(ServiceMetrics.MeterName, FactorTrace.Caching.CacheStats.MeterName, FactorTrace.Resilience.DependencyRegistry.MeterName)
            .AddPrometheusExporter());
        return services;
    }

    public static ILoggingBuilder AddJsonLogs(this ILoggingBuilder logging)
    {
        logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        return logging;
    }
}
