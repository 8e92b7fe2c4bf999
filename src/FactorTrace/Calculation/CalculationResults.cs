using FactorTrace.Broker;

namespace FactorTrace.Calculation;

/// <summary>A factor answer used by a calculation run, with its CO2e split into the columns results are stored in.</summary>
/// <param name="No">Its number within the run (results refer to it).</param>
/// <param name="Answer">The broker's answer, with provenance and hash.</param>
/// <param name="Dimension">The dimension of the quantity it multiplies.</param>
/// <param name="Primary">Whether it is primary data (the tenant's own factor).</param>
/// <param name="Gases">kg CO2e per unit by gas column.</param>
public sealed record ResolvedFactor(int No, FactorAnswer Answer, string Dimension, bool Primary, GasColumns Gases)
{
    /// <summary>σ of ln(value).</summary>
    public double SigmaLn => Answer.Uncertainty.SigmaLn;

    /// <summary>Its quality tier.</summary>
    public int Tier => QualityTier.Of(Answer, Dimension, Primary);
}

/// <summary>kg CO2e split by gas: CO2, CH4, N2O, other greenhouse gases; the rest of the total is not attributed to a gas.</summary>
/// <param name="Co2">Carbon dioxide.</param>
/// <param name="Ch4">Methane.</param>
/// <param name="N2o">Nitrous oxide.</param>
/// <param name="Other">HFCs, PFCs, SF6, NF3 and other gases.</param>
public readonly record struct GasColumns(double Co2, double Ch4, double N2o, double Other)
{
    /// <summary>Splits an answer's per-gas parts.</summary>
    public static GasColumns From(IReadOnlyList<Gwp.GasPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        double co2 = 0, ch4 = 0, n2o = 0, other = 0;
        foreach (var part in parts)
        {
            switch (Classify(part.Gas))
            {
                case "co2": co2 += part.KgCo2e; break;
                case "ch4": ch4 += part.KgCo2e; break;
                case "n2o": n2o += part.KgCo2e; break;
                default: other += part.KgCo2e; break;
            }
        }

        return new GasColumns(co2, ch4, n2o, other);
    }

    /// <summary>The column of a gas name: <c>co2</c>, <c>ch4</c>, <c>n2o</c> or <c>other</c>.</summary>
    public static string Classify(string gas)
    {
        var g = (gas ?? "").Trim();
        return g.StartsWith("CO2", StringComparison.OrdinalIgnoreCase) || g.StartsWith("carbon dioxide", StringComparison.OrdinalIgnoreCase) ? "co2"
            : g.StartsWith("CH4", StringComparison.OrdinalIgnoreCase) || g.StartsWith("methane", StringComparison.OrdinalIgnoreCase) ? "ch4"
            : g.StartsWith("N2O", StringComparison.OrdinalIgnoreCase) || g.StartsWith("nitrous oxide", StringComparison.OrdinalIgnoreCase) ? "n2o"
            : "other";
    }

    /// <summary>Each column times <paramref name="quantity"/>.</summary>
    public GasColumns Times(double quantity) => new(Co2 * quantity, Ch4 * quantity, N2o * quantity, Other * quantity);
}

/// <summary>Which Scope 2 method a result row counts for.</summary>
public static class ResultMethods
{
    /// <summary>Both methods (every row outside Scope 2).</summary>
    public const string Both = "both";

    /// <summary>Scope 2 location-based.</summary>
    public const string Location = "location";

    /// <summary>Scope 2 market-based.</summary>
    public const string Market = "market";
}

/// <summary>One result row: one record under one method.</summary>
public struct ResultRow
{
    /// <summary>The activity record.</summary>
    public Guid RecordId { get; set; }

    /// <summary><see cref="ResultMethods"/>.</summary>
    public string Method { get; set; }

    /// <summary>Accounting date.</summary>
    public DateOnly Date { get; set; }

    /// <summary>GHG Protocol scope.</summary>
    public string Scope { get; set; }

    /// <summary>Scope 3 category.</summary>
    public string? Category { get; set; }

    /// <summary>Site.</summary>
    public string? Site { get; set; }

    /// <summary>Scope 1 source type of a Scope 1 row (null elsewhere).</summary>
    public string? Scope1Source { get; set; }

    /// <summary>The quantity multiplied (after currency conversion for spend).</summary>
    public double Quantity { get; set; }

    /// <summary>Its unit.</summary>
    public string? Unit { get; set; }

    /// <summary>
    /// The record's share in this row: 1 for a whole record, the days of one month part over the period's days when
    /// <see cref="MonthlyAllocation"/> split it.
    /// </summary>
    public double Share { get; set; }

    /// <summary>Total kg CO2e.</summary>
    public double KgCo2e { get; set; }

    /// <summary>By gas.</summary>
    public GasColumns Gases { get; set; }

    /// <summary>
    /// kg biogenic CO2 (biomass fuels): outside the scopes, not in <see cref="KgCo2e"/> nor <see cref="Gases"/>, reported
    /// apart; stored in the results' <c>biogenic_co2_kg</c> column.
    /// </summary>
    public double BiogenicCo2 { get; set; }

    /// <summary>The factor used (<see cref="ResolvedFactor.No"/>), −1 for none (error, contractual instrument).</summary>
    public int FactorNo { get; set; }

    /// <summary>σ of ln of the factor.</summary>
    public double SigmaLn { get; set; }

    /// <summary>Quality score 0–100 of the factor (0 when not scored).</summary>
    public int QualityScore { get; set; }

    /// <summary>Quality tier 1–5 (0 for an error).</summary>
    public int Tier { get; set; }

    /// <summary>Primary data.</summary>
    public bool Primary { get; set; }

    /// <summary><c>ok</c> or <c>error</c>.</summary>
    public string Status { get; set; }

    /// <summary>Error code for an error row.</summary>
    public string? Code { get; set; }

    /// <summary>The error, or how the value was reached (currency conversion, market-based steps, region default).</summary>
    public string? Note { get; set; }

    /// <summary>The hourly grid profile a location-based row was calculated with (null: the factor as answered).</summary>
    public HourlyGridIntensity? HourlyGrid { get; set; }

    /// <summary>How the value was reached when not by the factor as answered: <see cref="ResultBases"/>, stored in <c>basis</c>.</summary>
    public string? Basis
    {
        readonly get => _basis ?? (HourlyGrid is null ? null : ResultBases.HourlyGridProfile);
        set => _basis = value;
    }

    private string? _basis;
}

/// <summary>How a result row's value was reached, when not by its factor as answered.</summary>
public static class ResultBases
{
    /// <summary>Location-based Scope 2 from the hourly intensities of the site's grid zone over the record's period.</summary>
    public const string HourlyGridProfile = "hourly_grid_profile";

    /// <summary>A software workload in the tenant's own data centres, priced hour by hour at its zone's intensities (Scope 2).</summary>
    public const string WorkloadDataCentre = "workload_data_centre";

    /// <summary>A software workload run by a cloud provider, priced hour by hour (Scope 3 category 1, cloud computing).</summary>
    public const string WorkloadCloud = "workload_cloud";
}
