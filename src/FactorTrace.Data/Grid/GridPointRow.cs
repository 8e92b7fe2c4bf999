namespace FactorTrace.Data.Grid;

/// <summary>
/// One hour of one zone's grid carbon intensity (shared reference data, not tenant data). Instants are Unix seconds,
/// hour-aligned, UTC: the same integer on SQLite and PostgreSQL, compared and indexed as numbers (ADR 0007).
/// </summary>
public sealed class GridPointRow
{
    /// <summary>Zone id, upper case (<c>DE</c>, <c>US-CAL-CISO</c>).</summary>
    public string Zone { get; set; } = "";

    /// <summary><c>average</c> or <c>marginal</c>; points of different signals are never mixed.</summary>
    public string Signal { get; set; } = "";

    /// <summary>Start of the hour, Unix seconds (UTC).</summary>
    public long StartUnix { get; set; }

    /// <summary>Direct (operational) intensity in gCO2e/kWh; for a marginal signal, its rate.</summary>
    public double? Direct { get; set; }

    /// <summary>Life-cycle intensity in gCO2e/kWh.</summary>
    public double? Lifecycle { get; set; }

    /// <summary>Who said it (<c>electricitymaps</c>, <c>watttime</c>, a dataset id).</summary>
    public string Source { get; set; } = "";

    /// <summary><c>real-time</c>, <c>forecast</c>, <c>historical</c> or <c>estimated</c>.</summary>
    public string Quality { get; set; } = "";

    /// <summary>Rank of <see cref="Quality"/>: a lower rank never overwrites a higher one (forecast 0, estimated 1, measured 2).</summary>
    public int QualityRank { get; set; }

    /// <summary>How an estimated value was estimated.</summary>
    public string? EstimationMethod { get; set; }

    /// <summary>Generation mix as JSON (<c>{"wind":0.31,…}</c> shares), when the provider gave it.</summary>
    public string? Mix { get; set; }

    /// <summary><c>dataset</c> (exempt from retention by default) or <c>provider</c>.</summary>
    public string Origin { get; set; } = "";

    /// <summary>When it was fetched or ingested, Unix seconds.</summary>
    public long FetchedAtUnix { get; set; }
}
