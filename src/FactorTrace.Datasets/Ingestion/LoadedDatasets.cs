using FactorTrace.Currency;
using FactorTrace.Factors;
using FactorTrace.Fuels;
using FactorTrace.Gwp;

namespace FactorTrace.Datasets.Ingestion;

/// <summary>The result of ingesting a set of datasets: one immutable factor store plus the reference tables.</summary>
public sealed class LoadedDatasets
{
    /// <summary>Builds the combined view.</summary>
    public LoadedDatasets(IReadOnlyList<IngestedDataset> datasets, TimeSpan elapsed, IReadOnlyDictionary<string, string>? failures = null)
    {
        Failures = failures ?? new Dictionary<string, string>(StringComparer.Ordinal);
        ArgumentNullException.ThrowIfNull(datasets);
        Datasets = datasets;
        Elapsed = elapsed;
        Store = new FactorStore(datasets.SelectMany(d => d.Factors));
        Gwp = datasets.Where(d => d.Gwp is not null).ToDictionary(d => d.Info.Id, d => d.Gwp!, StringComparer.Ordinal);
        Fuels = datasets.SelectMany(d => d.Fuels).ToList();
        Rates = datasets.Select(d => d.Rates).FirstOrDefault(r => r is not null);
    }

    /// <summary>Per-dataset results in catalogue order.</summary>
    public IReadOnlyList<IngestedDataset> Datasets { get; }

    /// <summary>All emission factors.</summary>
    public FactorStore Store { get; }

    /// <summary>GWP tables by dataset id.</summary>
    public IReadOnlyDictionary<string, GwpTable> Gwp { get; }

    /// <summary>Fuel properties from every dataset that has them.</summary>
    public IReadOnlyList<FuelProperties> Fuels { get; }

    /// <summary>Exchange rates, if a rates dataset was loaded.</summary>
    public ExchangeRateTable? Rates { get; }

    /// <summary>Datasets that could not be ingested, with the reason (only when failures were skipped).</summary>
    public IReadOnlyDictionary<string, string> Failures { get; }

    /// <summary>Wall time of the whole load.</summary>
    public TimeSpan Elapsed { get; }
}
