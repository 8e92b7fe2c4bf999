using FactorTrace.Grid.Model;

namespace FactorTrace.Grid.Windows;

/// <summary>The JSON shape of a window answer, one for the API and the CLI (instants in UTC with Z).</summary>
public static class WindowJson
{
    /// <summary>The answer with the sources of the hours used.</summary>
    public static object Answer(WindowAnswer a, IReadOnlyList<ZoneSources> sources, string basis)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(sources);
        var byZone = sources.ToDictionary(s => s.Zone, StringComparer.Ordinal);
        return new
        {
            unit = GridUnits.GramsPerKwh,
            signal = basis,
            best = Choice(a.Best),
            baseline = new
            {
                zone = a.Baseline.Zone,
                start = GridInstants.Format(a.Baseline.Start),
                end = GridInstants.Format(a.Baseline.End),
                mean = a.Baseline.Mean,
                reason = a.Baseline.Reason,
            },
            saving_pct = a.SavingPct,
            saving_kg = a.SavingKg,
            candidates = a.Candidates.Select(Choice),
            windows_evaluated = a.WindowsEvaluated,
            windows_excluded = a.WindowsExcluded,
            zones = a.Zones.Select(z => new
            {
                zone = z.Zone,
                hours_missing = z.MissingHours.Count,
                missing = z.MissingHours.Select(GridInstants.Format),
                windows_excluded = z.WindowsExcluded,
                sources = byZone.GetValueOrDefault(z.Zone)?.Sources ?? [],
                qualities = byZone.GetValueOrDefault(z.Zone)?.Qualities ?? new Dictionary<string, int>(),
                signal = GridSignals.Average,
            }),
        };
    }

    private static object? Choice(WindowChoice? c) => c is null ? null : new
    {
        zone = c.Zone,
        start = GridInstants.Format(c.Start),
        end = GridInstants.Format(c.End),
        mean = c.Mean,
    };
}
