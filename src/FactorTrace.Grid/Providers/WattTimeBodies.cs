using System.Text.Json;
using FactorTrace.Grid.Model;
using FactorTrace.Resilience;

namespace FactorTrace.Grid.Providers;

/// <summary>Hourly means of a WattTime series in gCO2e/kWh and how many of its values were dropped.</summary>
internal sealed record HourlyMeans(IReadOnlyList<(DateTimeOffset Hour, double Value)> Hours, int Dropped);

/// <summary>
/// WattTime v3 bodies: <c>historical</c> and <c>forecast</c> answer <c>{"data":[{"point_time","value"}],"meta":{"units",…}}</c>
/// with a value every 5 minutes; <c>region-from-loc</c> answers <c>{"region","region_full_name","signal_type"}</c>.
/// </summary>
internal static class WattTimeBodies
{
    /// <summary>
    /// The series converted to gCO2e/kWh and averaged per UTC hour; an hour gets a point only when it has at least one
    /// usable value (an hour the answer skips has none). Values outside <paramref name="from"/>–<paramref name="to"/> are ignored.
    /// </summary>
    public static HourlyMeans Hourly(JsonElement root, DateTimeOffset? from, DateTimeOffset? to)
    {
        var toGrams = Conversion(root);
        var sums = new SortedDictionary<DateTimeOffset, (double Sum, int Count)>();
        var dropped = 0;
        foreach (var item in ProviderCalls.Items(root, "data", WattTimeProvider.ProviderName))
        {
            var at = GridValues.Instant(item, "point_time");
            var value = HttpFailures.NumberProperty(item, "value") is { } v ? toGrams(v) : (double?)null;
            if (at is not { } t || value is not { } g || !GridValues.IsPlausible(g))
            {
                dropped++;
                continue;
            }

            if ((from is { } f && t < f) || (to is { } u && t >= u))
            {
                continue;
            }

            var hour = GridUnits.HourOf(t);
            var (sum, count) = sums.GetValueOrDefault(hour);
            sums[hour] = (sum + g, count + 1);
        }

        return new HourlyMeans(sums.Select(h => (h.Key, h.Value.Sum / h.Value.Count)).ToList(), dropped);
    }

    public static RegionLookup Region(JsonElement root) =>
        HttpFailures.StringProperty(root, "region") is { Length: > 0 } region
            ? new RegionLookup(ProviderStatus.Ok, region, HttpFailures.StringProperty(root, "region_full_name"), null)
            : throw HttpFailures.Malformed(WattTimeProvider.ProviderName, "no 'region'");

    private static Func<double, double> Conversion(JsonElement root)
    {
        var units = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("meta", out var meta) ? HttpFailures.StringProperty(meta, "units") : null;
        return units?.ToLowerInvariant() switch
        {
            "lbs_co2_per_mwh" => GridUnits.FromPoundsPerMwh,
            "kg_co2_per_mwh" or "g_co2_per_kwh" => static v => v,
            _ => throw HttpFailures.Malformed(WattTimeProvider.ProviderName, $"unknown units '{units}'"),
        };
    }
}
