using FactorTrace.Datasets.Catalogue;
using FactorTrace.Datasets.Download;
using FactorTrace.Datasets.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FactorTrace.Datasets;

/// <summary>Registers the dataset catalogue, downloader, verifier and ingestor.</summary>
public static class DatasetsServiceCollectionExtensions
{
    /// <summary>Adds dataset services; options are validated on start.</summary>
    public static IServiceCollection AddFactorTraceDatasets(this IServiceCollection services, Action<DatasetsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DatasetsOptions>()
            .Configure(configure)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(DatasetCatalogue.Default);
        services.TryAddSingleton<DatasetVerifier>();
        services.TryAddSingleton<DatasetIngestor>();
        services.AddHttpClient<DatasetDownloader>(client => client.Timeout = TimeSpan.FromMinutes(5));
        return services;
    }
}
