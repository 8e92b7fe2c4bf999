using System.Text.Json;
using FactorTrace.Datasets.Ingestion;

namespace FactorTrace.Cli.Commands;

/// <summary>The JSON shape of <c>datasets ingest --json</c>.</summary>
internal sealed record IngestionSummary(int Factors, double ElapsedMs, IReadOnlyList<IngestionSummary.Dataset> Datasets)
{
    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IngestionSummary From(LoadedDatasets loaded) => new(
        loaded.Store.Count,
        loaded.Elapsed.TotalMilliseconds,
        loaded.Datasets.Select(d => new Dataset(d.Info.Id, d.Info.Version, d.Info.LicenceId, d.Info.ContentHash, d.Factors.Count,
            d.Tables.Select(t => new Table(t.Table, t.Kind, t.Source, t.RowsRead, t.Ingested, t.NoValue, t.Skipped, t.Rejected)).ToList())).ToList());

    internal sealed record Dataset(string Id, string Version, string Licence, string ContentHash, int Factors, IReadOnlyList<Table> Tables);

    internal sealed record Table(string Name, string Kind, string Source, int RowsRead, int Ingested, int NoValue, int NotFactors,
        IReadOnlyList<RejectedRow> Rejected);
}
