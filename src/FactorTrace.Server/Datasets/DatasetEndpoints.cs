using FactorTrace.Datasets;
using FactorTrace.Datasets.Catalogue;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Datasets;

/// <summary>Dataset loading at start-up and the catalogue and ingestion status endpoint.</summary>
internal static class DatasetEndpoints
{
    public static IServiceCollection AddDatasetLoading(this IServiceCollection services, IConfiguration configuration)
    {
        services.PostConfigure<DatasetsOptions>(options =>
        {
            options.Path = DatasetsOptions.ResolvePath(options.Path, Hosting.ServiceSetup.DataDirectory(configuration));
        });
        services.AddSingleton<DatasetLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<DatasetLoader>());
        services.AddSingleton<Factors.BrokerHost>();
        services.AddHostedService<Factors.BrokerWarmup>();
        return services;
    }

    public static RouteGroupBuilder MapDatasetEndpoints(this RouteGroupBuilder app)
    {
        app.MapGet("/datasets", (DatasetLoader loader, DatasetCatalogue catalogue, IOptions<DatasetsOptions> options) =>
            TypedResults.Ok(new
            {
                datasets_path = options.Value.Path,
                datasets = catalogue.Datasets.Select(d =>
                {
                    var ingested = loader.Loaded?.Datasets.FirstOrDefault(x => x.Info.Id == d.Id);
                    return new
                    {
                        id = d.Id,
                        title = d.Title,
                        publisher = d.Publisher,
                        version = d.Version,
                        licence = d.Licence,
                        attribution = d.Attribution,
                        page = d.Page,
                        content_hash = ingested?.Info.ContentHash,
                        factors = ingested?.Factors.Count,
                        rows_read = ingested?.RowsRead,
                        rejected = ingested?.RejectedCount,
                        error = loader.Loaded?.Failures.GetValueOrDefault(d.Id),
                    };
                }),
                error = loader.Error,
            })).RequireAuthorization(Identity.Policies.Reader).WithTags("Reference");
        return app;
    }
}
