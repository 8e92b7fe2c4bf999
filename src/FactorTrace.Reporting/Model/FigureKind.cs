namespace FactorTrace.Reporting.Model;

/// <summary>What a figure measures, which fixes its stored unit and how it is shown and tagged.</summary>
public enum FigureKind
{
    /// <summary>Greenhouse gas emissions: stored in kg CO2e, shown and tagged in tCO2e.</summary>
    Emissions,

    /// <summary>A share: stored as a ratio (0.25), shown as a percentage (25.0 %), tagged as <c>xbrli:pure</c>.</summary>
    Percent,

    /// <summary>An amount of money in <see cref="ReportFigure.Currency"/>.</summary>
    Money,

    /// <summary>GHG intensity: stored in kg CO2e per unit of <see cref="ReportFigure.Currency"/>, shown per million, tagged per unit.</summary>
    Intensity,
}
