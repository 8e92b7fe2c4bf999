using FactorTrace.Grid.Model;

namespace FactorTrace.Grid.Workloads;

/// <summary>
/// Emissions of work over a period: its energy spread evenly over the period's minutes, each hour's share times that
/// hour's intensity, so a period that does not start or end on the hour weighs its partial hours by the minutes inside.
/// Hours without a stored value take the zone's yearly mean, and the answer says how much of the energy that priced.
/// Intensities are life-cycle values: the yearly fallback is life-cycle too, so both parts are comparable.
/// </summary>
public static class WorkloadEmissions
{
    /// <summary>Energy of a record in kWh: measured energy wins; else units × Wh per unit × PUE.</summary>
    public static double? EnergyKwh(double? measuredKwh, double? units, double? whPerUnit, double pue) =>
        measuredKwh ?? (units is { } u && whPerUnit is { } wh ? u * wh * pue / 1000.0 : null);

    /// <summary>Prices <paramref name="energyKwh"/> used evenly over <c>[start, end)</c>.</summary>
    /// <param name="start">Start, UTC.</param>
    /// <param name="end">End (exclusive).</param>
    /// <param name="energyKwh">Energy.</param>
    /// <param name="hourly">Life-cycle intensity by hour start (gCO2e/kWh).</param>
    /// <param name="yearly">The zone's yearly mean (gCO2e/kWh), for hours without a value; null when unknown.</param>
    public static WorkloadPrice Price(DateTimeOffset start, DateTimeOffset end, double energyKwh, IReadOnlyDictionary<DateTimeOffset, double> hourly, double? yearly)
    {
        ArgumentNullException.ThrowIfNull(hourly);
        var total = (end - start).TotalMinutes;
        if (total <= 0)
        {
            throw new ArgumentException("The period must end after it starts.", nameof(end));
        }

        double grams = 0, hourlyKwh = 0, yearlyKwh = 0, unpricedKwh = 0;
        int hoursUsed = 0, hoursMissing = 0;
        for (var hour = GridUnits.HourOf(start); hour < end; hour = hour.AddHours(1))
        {
            var from = hour < start ? start : hour;
            var to = hour.AddHours(1) > end ? end : hour.AddHours(1);
            var kwh = energyKwh * (to - from).TotalMinutes / total;
            if (hourly.TryGetValue(hour, out var intensity))
            {
                grams += kwh * intensity;
                hourlyKwh += kwh;
                hoursUsed++;
            }
            else
            {
                hoursMissing++;
                if (yearly is { } mean)
                {
                    grams += kwh * mean;
                    yearlyKwh += kwh;
                }
                else
                {
                    unpricedKwh += kwh;
                }
            }
        }

        return new WorkloadPrice(grams / 1000.0, hourlyKwh, yearlyKwh, unpricedKwh, hoursUsed, hoursMissing);
    }
}

/// <summary>What pricing a record found.</summary>
/// <param name="KgCo2e">Operational emissions, kg CO2e.</param>
/// <param name="HourlyKwh">Energy priced at hourly intensities.</param>
/// <param name="YearlyKwh">Energy priced at the yearly mean (hours without data).</param>
/// <param name="UnpricedKwh">Energy with neither (no emissions counted for it; reported).</param>
/// <param name="HoursUsed">Hours with a stored value.</param>
/// <param name="HoursMissing">Hours without.</param>
public sealed record WorkloadPrice(double KgCo2e, double HourlyKwh, double YearlyKwh, double UnpricedKwh, int HoursUsed, int HoursMissing)
{
    /// <summary>No energy, nothing priced.</summary>
    public static WorkloadPrice None { get; } = new(0, 0, 0, 0, 0, 0);
}
