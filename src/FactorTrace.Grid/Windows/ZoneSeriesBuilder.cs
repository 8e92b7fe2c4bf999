using FactorTrace.Grid.Model;

namespace FactorTrace.Grid.Windows;

/// <summary>Builds the plain arrays of a <see cref="ZoneSeries"/> from stored points.</summary>
public static class ZoneSeriesBuilder
{
    /// <summary>
    /// The series of <paramref name="zone"/> for the hours overlapping <c>[from, to)</c>, from <paramref name="points"/>
    /// (other zones' points, points outside and points without a value of <paramref name="basis"/> are skipped). When two
    /// points share an hour, the one of the higher <see cref="GridQualities.Rank"/> wins, then the first given.
    /// </summary>
    public static ZoneSeries FromPoints(string zone, DateTimeOffset from, DateTimeOffset to, IEnumerable<GridPoint> points, string basis)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(zone);
        ArgumentNullException.ThrowIfNull(points);
        var first = GridUnits.HourOf(from);
        var hours = (int)Math.Max(0, (to.UtcTicks - first.UtcTicks + TimeSpan.TicksPerHour - 1) / TimeSpan.TicksPerHour);
        var values = new double[hours];
        var index = new int[hours];
        Array.Fill(values, ZoneSeries.Missing);
        Array.Fill(index, -1);
        var metadata = new List<HourMetadata>();
        var known = new Dictionary<HourMetadata, int>();
        foreach (var point in points)
        {
            var h = (point.Start.UtcTicks - first.UtcTicks) / TimeSpan.TicksPerHour;
            if (!string.Equals(point.Zone, zone, StringComparison.OrdinalIgnoreCase) || h < 0 || h >= hours
                || point.Value(basis) is not { } value || !double.IsFinite(value))
            {
                continue;
            }

            var meta = new HourMetadata(point.Source, point.Quality);
            if (index[h] >= 0 && GridQualities.Rank(metadata[index[h]].Quality) >= GridQualities.Rank(point.Quality))
            {
                continue;
            }

            if (!known.TryGetValue(meta, out var m))
            {
                m = metadata.Count;
                known.Add(meta, m);
                metadata.Add(meta);
            }

            values[h] = value;
            index[h] = m;
        }

        return new ZoneSeries(zone, first, values, index, metadata);
    }
}
