using FactorTrace.Currency;
using FactorTrace.Factors;
using FactorTrace.Fuels;
using FactorTrace.Gwp;

namespace FactorTrace.Datasets.Ingestion;

/// <summary>Everything one dataset gave, with its report.</summary>
public sealed class IngestedDataset
{
    /// <summary>Identity, version and licence.</summary>
    public required DatasetInfo Info { get; init; }

    /// <summary>Emission factors in file order.</summary>
    public IReadOnlyList<EmissionFactor> Factors { get; init; } = [];

    /// <summary>GWP values, when the dataset has a GWP table.</summary>
    public GwpTable? Gwp { get; init; }

    /// <summary>Fuel properties, when the dataset has them.</summary>
    public IReadOnlyList<FuelProperties> Fuels { get; init; } = [];

    /// <summary>Exchange rates, when the dataset is a rates table.</summary>
    public ExchangeRateTable? Rates { get; init; }

    /// <summary>Per-table report.</summary>
    public IReadOnlyList<TableReport> Tables { get; init; } = [];

    /// <summary>Time spent reading and mapping.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Rows read across tables.</summary>
    public int RowsRead => Tables.Sum(t => t.RowsRead);

    /// <summary>Rows rejected across tables.</summary>
    public int RejectedCount => Tables.Sum(t => t.Rejected.Count);
}
