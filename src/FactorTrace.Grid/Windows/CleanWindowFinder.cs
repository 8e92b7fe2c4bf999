namespace FactorTrace.Grid.Windows;

/// <summary>
/// Finds the clean-energy window of a job (docs/grid.md, "Clean-energy windows"): over every zone and every start
/// <c>from + k × step</c> whose window ends by <c>to</c>, the lowest time-weighted mean intensity; the baseline of running
/// at <c>from</c> in the first zone; the saving; the next best windows. A window touching an hour without data is
/// excluded and counted. One pass per zone over prefix sums, O(1) per window, no allocation per window.
/// </summary>
public static class CleanWindowFinder
{
    private const long Hour = TimeSpan.TicksPerHour;

    /// <summary>Answers <paramref name="request"/> from <paramref name="series"/> (one per requested zone, matched
    /// case-insensitively; hours outside a series count as missing).</summary>
    /// <exception cref="ArgumentException">The request breaks a rule of <see cref="WindowRequest.Validate"/> (size limits
    /// aside: check those with <see cref="WindowRequest.Validate"/> first), or a zone has no series.</exception>
    public static WindowAnswer Find(WindowRequest request, IReadOnlyList<ZoneSeries> series)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(series);
        if (request.Validate(WindowLimits.None) is [var error, ..])
        {
            throw new ArgumentException($"{error.Field}: {error.Code}: {error.Message}", nameof(request));
        }

        var zones = request.Zones.Select(z => z.Trim()).ToArray();
        var zoneSeries = Resolve(zones, series);
        var from = request.From.ToUniversalTime();
        var to = request.To.ToUniversalTime();
        var firstHour = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % Hour), TimeSpan.Zero);
        var coveredHours = (to.UtcTicks - firstHour.UtcTicks + Hour - 1) / Hour;
        if (coveredHours > Array.MaxLength - 1)
        {
            throw new ArgumentException("The interval is too long to search.", nameof(request));
        }

        var hours = (int)coveredHours;
        var fromOffset = from.UtcTicks - firstHour.UtcTicks;
        var durationTicks = request.Duration.Ticks;
        var durationHours = (double)durationTicks / Hour;
        var stepTicks = request.Step.Ticks;
        var windows = ((to - from).Ticks - durationTicks) / stepTicks + 1;

        var ranking = new WindowRanking((int)Math.Min(request.Candidates + 1L, windows * zones.Length));
        var coverage = new ZoneCoverage[zones.Length];
        double? baselineMean = null;
        long excluded = 0;
        using (var prefix = new HourlyPrefix(hours))
        {
            for (var z = 0; z < zones.Length; z++)
            {
                var missingHours = prefix.Load(zoneSeries[z], firstHour);
                if (z == 0 && prefix.MissingIn(fromOffset, fromOffset + durationTicks) == 0)
                {
                    baselineMean = prefix.Sum(fromOffset, fromOffset + durationTicks) / durationHours;
                }

                var zoneExcluded = Rank(prefix, ranking, z, fromOffset, durationTicks, durationHours, stepTicks, windows, missingHours > 0);
                coverage[z] = new(zones[z], MissingHours(prefix, hours, firstHour, missingHours), zoneExcluded);
                excluded += zoneExcluded;
            }
        }

        var choices = new WindowChoice[ranking.Count];
        for (var r = 0; r < ranking.Count; r++)
        {
            var at = from.AddTicks(ranking.StepAt(r) * stepTicks);
            choices[r] = new(zones[ranking.ZoneAt(r)], at, at.AddTicks(durationTicks), ranking.MeanAt(r));
        }

        var best = choices.Length > 0 ? choices[0] : null;
        var baseline = new BaselineWindow(zones[0], from, from.AddTicks(durationTicks), baselineMean, baselineMean is null ? WindowReasons.MissingHours : null);
        return new WindowAnswer(
            best,
            baseline,
            SavingPct(baselineMean, best?.Mean),
            request.EnergyKwh is { } kwh && baselineMean is { } b && best is not null ? kwh * (b - best.Mean) / 1000.0 : null,
            choices.Length > 1 ? choices[1..] : [],
            coverage,
            windows * zones.Length,
            excluded);
    }

    /// <summary>Offers one zone's windows to the ranking; returns how many were excluded for missing hours.</summary>
    private static long Rank(HourlyPrefix prefix, WindowRanking ranking, int zone, long fromOffset, long durationTicks,
        double durationHours, long stepTicks, long windows, bool checkMissing)
    {
        long excluded = 0;
        var start = fromOffset;
        for (long k = 0; k < windows; k++, start += stepTicks)
        {
            var end = start + durationTicks;
            if (checkMissing && prefix.MissingIn(start, end) > 0)
            {
                excluded++;
                continue;
            }

            ranking.Offer(prefix.Sum(start, end) / durationHours, k, zone);
        }

        return excluded;
    }

    private static DateTimeOffset[] MissingHours(HourlyPrefix prefix, int hours, DateTimeOffset firstHour, int count)
    {
        if (count == 0)
        {
            return [];
        }

        var missing = new DateTimeOffset[count];
        var i = 0;
        for (var h = 0; h < hours; h++)
        {
            if (prefix.IsMissing(h))
            {
                missing[i++] = firstHour.AddTicks(h * Hour);
            }
        }

        return missing;
    }

    private static double? SavingPct(double? baseline, double? best)
    {
        if (baseline is not { } b || best is not { } w)
        {
            return null;
        }

        // A zero baseline leaves nothing to save (the best is at most the baseline, and intensities are not negative).
        return b > 0 ? (b - w) / b * 100.0 : 0.0;
    }

    private static ZoneSeries[] Resolve(string[] zones, IReadOnlyList<ZoneSeries> series)
    {
        var resolved = new ZoneSeries[zones.Length];
        for (var z = 0; z < zones.Length; z++)
        {
            ZoneSeries? match = null;
            foreach (var candidate in series)
            {
                if (string.Equals(candidate.Zone.Trim(), zones[z], StringComparison.OrdinalIgnoreCase))
                {
                    match = candidate;
                    break;
                }
            }

            resolved[z] = match ?? throw new ArgumentException($"No series for zone {zones[z]}.", nameof(series));
        }

        return resolved;
    }
}
