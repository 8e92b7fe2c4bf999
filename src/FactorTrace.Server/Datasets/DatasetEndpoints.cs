using FactorTrace.Datasets;
using FactorTrace.Datasets.Catalogue;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Datasets;

/// <summary>The catalogue and ingestion status endpoint.</summary>
internal static class DatasetEndpoints
{
    public static RouteGroupBuilder MapDatasetEndpoints(this RouteGroupBuilder app)
    {
        app.MapGet("/datasets", (HttpContext http, DatasetLoader loader, DatasetCatalogue catalogue, IOptions<DatasetsOptions> options) =>
            TypedResults.Ok(View(Identity.Caller.From(http.User), loader, catalogue, options.Value))).RequireAuthorization(Identity.Policies.Reader).WithTags("Reference");
        return app;
    }

    /// <summary>The catalogue with what was loaded of each dataset, as the caller may see it (the API's and the datasets page's).</summary>
    internal static DatasetsView View(Identity.Caller? caller, DatasetLoader loader, DatasetCatalogue catalogue, DatasetsOptions options) => new(
        // The server's folder is the operators' business, not every tenant user's.
        caller is { PlatformAdmin: true } ? options.Path : null,
        catalogue.Datasets.Select(d =>
        {
            var ingested = loader.Loaded?.Datasets.FirstOrDefault(x => x.Info.Id == d.Id);
            return new DatasetView(d.Id, d.Title, d.Publisher, d.Version, d.Licence, d.Attribution, d.Page, ingested?.Info.ContentHash,
                ingested?.Factors.Count, ingested?.RowsRead, ingested?.RejectedCount, loader.Loaded?.Failures.GetValueOrDefault(d.Id));
        }).ToList(),
        loader.Error);
}

/// <summary>The catalogue with what was loaded of each dataset.</summary>
internal sealed record DatasetsView(string? DatasetsPath, IReadOnlyList<DatasetView> Datasets, string? Error);

/// <summary>One catalogued dataset.</summary>
internal sealed record DatasetView(
    string Id, string Title, string Publisher, string Version, string Licence, string? Attribution, string? Page, string? ContentHash, int? Factors, int? RowsRead, int? Rejected,
    string? Error);
