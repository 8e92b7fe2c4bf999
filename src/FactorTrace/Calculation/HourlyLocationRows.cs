using FactorTrace.Broker;

namespace FactorTrace.Calculation;

/// <summary>
/// Location-based Scope 2 rows of grid electricity from the hourly profile of the site's zone (the tenant's setting
/// <c>hourly_grid_scope2</c>): kWh × the time-weighted mean intensity of every hour of the record's period, answered
/// through the broker like any factor (unit conversion, provenance, hash). When the hours are not all there, or no
/// zone serves the region, the yearly row stays and says why. See <c>docs/calculation.md</c>.
/// </summary>
internal sealed class HourlyLocationRows(IHourlyGridProfile profile, FactorBroker broker, string gwp, Func<ResolveOutcome, string, (ResolvedFactor? Factor, string? Error)> register)
{
    /// <summary>The only activity it applies to: the location-based average of the region's grid.</summary>
    public const string Activity = "electricity.grid";

    private readonly Dictionary<(string Region, DateOnly First, DateOnly Last, string Unit), (ResolvedFactor? Factor, HourlyGridIntensity? Intensity, string? Reason)> _plans = [];

    /// <summary>Whether the row of <paramref name="factor"/> can be calculated hourly (the shared grid average, not a tenant's own factor).</summary>
    public static bool AppliesTo(ResolvedFactor factor) => !factor.Primary && factor.Answer.ActivityId == Activity;

    /// <summary>The location-based row: from the hourly profile of the record's whole period, else <paramref name="yearly"/> with the reason.</summary>
    public ResultRow Location(ActivityInput record, ResultRow yearly, ResolvedFactor factor, string region)
    {
        var first = record.PeriodStart ?? record.Date;
        var last = record.PeriodEnd ?? record.Date;
        var (hourly, intensity, reason) = last < first ? (null, null, "the period ends before it starts") : Plan(region, first, last, yearly.Unit!);
        if (hourly is not null)
        {
            var row = CalculationEngine.WithFactor(yearly, hourly, $"{intensity!.Statement}; the energy is assumed flat over the period");
            row.HourlyGrid = intensity;
            return row;
        }

        yearly.Note = Join(yearly.Note, $"hourly_grid_profile not used: {reason}; calculated with the yearly factor {factor.Answer.FactorId}");
        return yearly;
    }

    /// <summary>The part of an hourly row in one month: quantity by days (flat energy), intensity from the part's own hours.</summary>
    public ResultRow Part(ResultRow row, PeriodPart part)
    {
        var scaled = MonthlyAllocation.Scale(row, part);
        if (row.HourlyGrid is not { } whole)
        {
            return scaled;
        }

        var (factor, intensity, _) = Plan(whole.Region, part.Start, part.Start.AddDays(part.Days - 1), row.Unit!);
        if (factor is null)
        {
            // Cannot happen while the whole period's hours are loaded; the share of the whole period's figure is then kept.
            return scaled;
        }

        var result = CalculationEngine.WithFactor(scaled, factor, $"{intensity!.Statement}; the energy is assumed flat over the period");
        result.HourlyGrid = intensity;
        return result;
    }

    private (ResolvedFactor? Factor, HourlyGridIntensity? Intensity, string? Reason) Plan(string region, DateOnly first, DateOnly last, string unit)
    {
        var key = (region, first, last, unit);
        if (_plans.TryGetValue(key, out var plan))
        {
            return plan;
        }

        var lookup = profile.Lookup(region, first, last);
        if (lookup.Intensity is not { } intensity)
        {
            plan = (null, null, lookup.Reason);
        }
        else
        {
            var (factor, error) = register(Answer(intensity, unit), unit);
            plan = factor is null ? (null, null, $"the hourly mean could not be answered per {unit} ({error})") : (factor, intensity, null);
        }

        _plans[key] = plan;
        return plan;
    }

    private ResolveOutcome Answer(HourlyGridIntensity intensity, string unit) =>
        HourlyGridAnswers.Answer(broker, new FactorRequest { Activity = Activity, Region = intensity.Region, Year = intensity.First.Year, Unit = unit, Gwp = gwp }, intensity);

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : $"{a}; {b}";
}
