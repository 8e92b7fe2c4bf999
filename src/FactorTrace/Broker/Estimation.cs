using FactorTrace.Gwp;

namespace FactorTrace.Broker;

/// <summary>kg CO2e for an amount of activity, with per-gas parts and the 95 % interval.</summary>
/// <param name="Amount">The amount, in the answer's unit.</param>
/// <param name="KgCo2e">Emissions in kg CO2e.</param>
/// <param name="Gases">Per-gas parts for the amount.</param>
/// <param name="KgCo2eLow95">Lower end of the 95 % interval.</param>
/// <param name="KgCo2eHigh95">Upper end of the 95 % interval.</param>
/// <param name="Factor">The factor answer used.</param>
public sealed record Estimation(double Amount, double KgCo2e, IReadOnlyList<GasPart> Gases, double KgCo2eLow95, double KgCo2eHigh95, FactorAnswer Factor)
{
    /// <summary>kg biogenic CO2 for the amount (outside the scopes, not in <see cref="KgCo2e"/>); null when the factor has none.</summary>
    public double? BiogenicCo2Kg { get; init; }

    /// <summary>Multiplies an answer by an amount (negative amounts, refunds, give negative emissions and a mirrored interval).</summary>
    public static Estimation From(FactorAnswer answer, double amount)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var kg = answer.Value * amount;
        var low = kg * (1 + answer.Uncertainty.Relative95Low);
        var high = kg * (1 + answer.Uncertainty.Relative95High);
        return new Estimation(
            amount,
            kg,
            answer.Gases.Select(g => new GasPart(g.Gas, g.Kg * amount, g.KgCo2e * amount)).ToList(),
            Math.Min(low, high),
            Math.Max(low, high),
            answer)
        {
            BiogenicCo2Kg = answer.BiogenicCo2 * amount,
        };
    }
}

/// <summary>An estimation or an error.</summary>
/// <param name="Estimation">The result, when there is one.</param>
/// <param name="Error">The error, when there is none.</param>
public sealed record EstimateOutcome(Estimation? Estimation, BrokerError? Error);

/// <summary>One row of a batch estimate.</summary>
/// <param name="Request">What to resolve.</param>
/// <param name="Amount">Amount in the request's unit.</param>
public readonly record struct EstimateRow(FactorRequest Request, double Amount);

/// <summary>Totals of a batch estimate.</summary>
/// <param name="KgCo2e">Sum over rows with an answer.</param>
/// <param name="KgCo2eByGas">Per-gas totals (kg CO2e) over rows whose factor has a gas breakdown.</param>
/// <param name="Estimated">Rows with an answer.</param>
/// <param name="Failed">Rows without one.</param>
public sealed record BatchEstimate(double KgCo2e, IReadOnlyDictionary<string, double> KgCo2eByGas, int Estimated, int Failed);
