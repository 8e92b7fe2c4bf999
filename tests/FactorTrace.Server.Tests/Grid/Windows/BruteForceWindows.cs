using FactorTrace.Grid.Windows;

namespace FactorTrace.Server.Tests.Grid.Windows;

/// <summary>
/// The naive answer to compare the finder with: every window walked minute by minute, in whole hundredths of a gram
/// (the shipped values have two decimals), so that ties are exact; ranked by mean, start, zone order.
/// </summary>
internal static class BruteForceWindows
{
    public static List<WindowChoice> Rank(WindowRequest request, IReadOnlyList<ZoneSeries> series)
    {
        var from = request.From.ToUniversalTime();
        var to = request.To.ToUniversalTime();
        var minutes = (int)request.Duration.TotalMinutes;
        var ranked = new List<(long Sum, DateTimeOffset Start, int Zone)>();
        for (var z = 0; z < request.Zones.Count; z++)
        {
            var zone = series.Single(s => s.Zone == request.Zones[z]);
            for (var start = from; start + request.Duration <= to; start += request.Step)
            {
                long sum = 0;
                var complete = true;
                for (var m = 0; m < minutes && complete; m++)
                {
                    var instant = start.AddMinutes(m);
                    var value = zone.ValueAt(new DateTimeOffset(instant.Year, instant.Month, instant.Day, instant.Hour, 0, 0, TimeSpan.Zero));
                    complete = !double.IsNaN(value);
                    sum += complete ? (long)Math.Round(value * 100) : 0;
                }

                if (complete)
                {
                    ranked.Add((sum, start, z));
                }
            }
        }

        return [.. ranked
            .OrderBy(r => r.Sum).ThenBy(r => r.Start).ThenBy(r => r.Zone)
            .Select(r => new WindowChoice(request.Zones[r.Zone], r.Start, r.Start + request.Duration, r.Sum / 100.0 / minutes))];
    }
}
