using FactorTrace.Data;
using FactorTrace.Datasets;
using FactorTrace.Datasets.Catalogue;
using FactorTrace.Factors;
using FactorTrace.Grid.Ingestion;
using FactorTrace.Grid.Providers;
using FactorTrace.Grid.Query;
using FactorTrace.Grid.Scheduling;
using FactorTrace.Grid.Store;
using FactorTrace.Grid.Windows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FactorTrace.Grid;

/// <summary>Registration of the hourly grid pipeline.</summary>
public static class GridSetup
{
    /// <summary>
    /// Adds the store, the zone catalogue and yearly fallback over the loaded factor datasets
    /// (<paramref name="factors"/>), history ingestion, the providers and the failover service, with validated
    /// <see cref="GridOptions"/>.
    /// </summary>
    public static IServiceCollection AddGrid(this IServiceCollection services, Action<GridOptions> configure, Func<IServiceProvider, FactorStore?> factors)
    {
        services.AddOptions<GridOptions>().Configure(configure).ValidateDataAnnotations().Validate(
            o => o.IngestEvery > TimeSpan.Zero && o.ForecastEvery > TimeSpan.Zero && o.RetentionEvery > TimeSpan.Zero && o.SlotLease > TimeSpan.Zero && o.Retention > TimeSpan.Zero
                && o.IngestOffset >= TimeSpan.Zero && o.IngestOffset < o.IngestEvery && o.MaxQuerySpan > TimeSpan.Zero,
            "FactorTrace:Grid: IngestEvery, ForecastEvery, RetentionEvery, SlotLease, Retention and MaxQuerySpan must be positive, and IngestOffset within [0, IngestEvery).").ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(DatasetCatalogue.Default);
        services.AddGridProviders();
        services.TryAddSingleton(sp => new GridReference(() => factors(sp)));
        services.TryAddSingleton(sp => new GridMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new GridStore(sp.GetRequiredService<SystemDbFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<GridMetrics>()));
        services.TryAddSingleton(sp => new GridIntensityQuery(sp.GetRequiredService<GridStore>(), () => sp.GetRequiredService<GridReference>().Yearly));
        services.TryAddSingleton(sp => new GridIntensityService(
            sp.GetServices<IGridProvider>(), sp.GetRequiredService<GridStore>(), () => sp.GetRequiredService<GridReference>().Yearly, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new DatasetHistoryIngestor(
            sp.GetRequiredService<DatasetCatalogue>(), sp.GetRequiredService<IOptions<DatasetsOptions>>(), sp.GetRequiredService<GridStore>(),
            sp.GetRequiredService<SystemDbFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ProviderIngestion>();
        services.TryAddSingleton(sp => new SlotScheduler(
            sp.GetRequiredService<SystemDbFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<GridOptions>>(),
            sp.GetService<ILogger<SlotScheduler>>() ?? NullLogger<SlotScheduler>.Instance, metrics: sp.GetRequiredService<GridMetrics>()));
        services.TryAddSingleton(sp => new GridRetention(
            sp.GetRequiredService<SystemDbFactory>(), sp.GetRequiredService<IOptions<GridOptions>>(), sp.GetService<ILogger<GridRetention>>() ?? NullLogger<GridRetention>.Instance));
        services.TryAddSingleton<GridRunQueries>();
        services.TryAddSingleton<GridAverageQueries>();
        services.TryAddSingleton<GridJobs>();
        services.TryAddSingleton<GridWindowService>();
        services.TryAddSingleton<Workloads.WorkloadPricing>();
        services.TryAddSingleton<Workloads.WorkloadReport>();
        services.TryAddSingleton<Ledger.LedgerWorkloads>();
        return services;
    }
}
