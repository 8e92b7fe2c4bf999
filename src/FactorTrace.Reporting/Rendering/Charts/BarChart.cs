namespace FactorTrace.Reporting.Rendering.Charts;

/// <summary>A series of a bar chart.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Color">Fill colour, <c>#rrggbb</c>.</param>
/// <param name="Values">One value per category, in the chart's unit (tCO2e, rounded as shown).</param>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<double> Values);

/// <summary>
/// A bar chart: horizontal bars (one row per category, series side by side) or vertical stacked columns (one column per
/// category, series stacked, negatives below the axis).
/// </summary>
/// <param name="Title">Title.</param>
/// <param name="Unit">Value unit (<c>tCO2e</c>).</param>
/// <param name="Categories">Category labels.</param>
/// <param name="Series">Series.</param>
/// <param name="Stacked">Vertical stacked columns when true, horizontal bars otherwise.</param>
/// <param name="Decimals">Decimals of the value labels (the report's rounding).</param>
public sealed record BarChart(string Title, string Unit, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series, bool Stacked, int Decimals);
