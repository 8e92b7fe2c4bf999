namespace FactorTrace.Reporting.Model;

/// <summary>A 95 % interval of a total (Monte Carlo over the factors' lognormal uncertainty).</summary>
/// <param name="LowKg">2.5th percentile, kg CO2e.</param>
/// <param name="HighKg">97.5th percentile, kg CO2e.</param>
/// <param name="Method"><c>monte_carlo</c> or <c>analytical</c>.</param>
public sealed record Interval95(double LowKg, double HighKg, string Method);

/// <summary>
/// One reported number: a stable id (<c>scope1</c>, <c>scope3.cat6</c>, <c>month.2024-03.scope1</c>…), its label, the
/// unrounded value in the stored unit of its <see cref="Kind"/> and the result rows it comes from.
/// </summary>
/// <param name="Id">Stable id, unique in a report.</param>
/// <param name="Label">What it is, in words.</param>
/// <param name="Kind">What it measures.</param>
/// <param name="Value">kg CO2e, a ratio, an amount or kg CO2e per currency unit, by <paramref name="Kind"/>.</param>
/// <param name="Selector">The contributing result rows; null for figures that are not sums of rows (tenant inputs, ratios of totals).</param>
public sealed record ReportFigure(string Id, string Label, FigureKind Kind, double Value, FigureSelector? Selector)
{
    /// <summary>The currency of a <see cref="FigureKind.Money"/> or <see cref="FigureKind.Intensity"/> figure.</summary>
    public string? Currency { get; init; }

    /// <summary>95 % interval, for totals.</summary>
    public Interval95? Uncertainty { get; init; }

    /// <summary>SHA-256 provenance hashes of the factor answers behind the figure (sorted).</summary>
    public IReadOnlyList<string> ProvenanceHashes { get; init; } = [];

    /// <summary>Result rows counted (one per record and method, or per month part of a record).</summary>
    public long Rows { get; init; }
}
