using System.Text.Json;
using FactorTrace.Grid.Model;
using FactorTrace.Resilience;

namespace FactorTrace.Grid.Providers;

/// <summary>One hourly carbon-intensity value of Electricity Maps (one emission-factor type).</summary>
internal sealed record IntensitySample(DateTimeOffset Hour, double Value, bool Estimated, string? EstimationMethod);

/// <summary>The usable values of one carbon-intensity body and how many were dropped.</summary>
internal sealed record IntensityBody(IReadOnlyList<IntensitySample> Samples, int Dropped);

/// <summary>The generation mix (shares of 1 by fuel) of each hour of one power-breakdown body.</summary>
internal sealed record MixBody(IReadOnlyDictionary<DateTimeOffset, IReadOnlyDictionary<string, double>> Hours);

/// <summary>
/// Electricity Maps v3 bodies. A carbon-intensity item is
/// <c>{"zone","carbonIntensity","datetime","updatedAt","emissionFactorType","isEstimated","estimationMethod"}</c>; the
/// latest endpoint answers one item, history an object with <c>history</c>, past-range one with <c>data</c>, forecast one
/// with <c>forecast</c>. A power-breakdown item carries <c>powerConsumptionBreakdown</c> (MW by fuel).
/// </summary>
internal static class ElectricityMapsBodies
{
    public static IntensityBody Intensity(JsonElement root, string? arrayKey, string provider)
    {
        var samples = new List<IntensitySample>();
        var dropped = 0;
        foreach (var item in ProviderCalls.Items(root, arrayKey, provider))
        {
            var hour = GridValues.Instant(item, "datetime");
            var value = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("carbonIntensity", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) ? d : (double?)null;
            if (hour is not { } h || !GridValues.IsOnTheHour(h) || value is not { } x || !GridValues.IsPlausible(x))
            {
                dropped++;
                continue;
            }

            var estimated = item.TryGetProperty("isEstimated", out var e) && e.ValueKind == JsonValueKind.True;
            samples.Add(new IntensitySample(h, x, estimated, estimated ? HttpFailures.StringProperty(item, "estimationMethod") : null));
        }

        return new IntensityBody(samples, dropped);
    }

    public static MixBody Mix(JsonElement root, string? arrayKey, string provider)
    {
        var hours = new Dictionary<DateTimeOffset, IReadOnlyDictionary<string, double>>();
        foreach (var item in ProviderCalls.Items(root, arrayKey, provider))
        {
            if (GridValues.Instant(item, "datetime") is not { } hour || !GridValues.IsOnTheHour(hour)
                || !item.TryGetProperty("powerConsumptionBreakdown", out var breakdown) || breakdown.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            // Storage charging shows as negative consumption: it is not part of what is consumed from the grid.
            var fuels = breakdown.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDouble(out var mw) && double.IsFinite(mw) && mw > 0)
                .Select(p => (Fuel: p.Name, Power: p.Value.GetDouble()))
                .ToList();
            var total = fuels.Sum(f => f.Power);
            if (total > 0)
            {
                hours[hour] = fuels.ToDictionary(f => f.Fuel, f => f.Power / total, StringComparer.Ordinal);
            }
        }

        return new MixBody(hours);
    }

    /// <summary>
    /// The points of a zone: one per hour that has a life-cycle or a direct value, with the hour's mix when there is one.
    /// An estimated value makes the point <see cref="GridQualities.Estimated"/> (forecasts stay forecasts).
    /// </summary>
    public static List<GridPoint> Points(
        string zone, string source, string quality, DateTimeOffset fetchedAt, IntensityBody lifecycle, IntensityBody direct, MixBody? mix)
    {
        var byHour = new SortedDictionary<DateTimeOffset, (IntensitySample? Lifecycle, IntensitySample? Direct)>();
        foreach (var s in lifecycle.Samples)
        {
            byHour[s.Hour] = (s, byHour.GetValueOrDefault(s.Hour).Direct);
        }

        foreach (var s in direct.Samples)
        {
            byHour[s.Hour] = (byHour.GetValueOrDefault(s.Hour).Lifecycle, s);
        }

        var points = new List<GridPoint>(byHour.Count);
        foreach (var (hour, (l, d)) in byHour)
        {
            var estimated = quality != GridQualities.Forecast && (l?.Estimated == true || d?.Estimated == true);
            points.Add(new GridPoint(zone, hour, d?.Value, l?.Value, GridSignals.Average, source, estimated ? GridQualities.Estimated : quality)
            {
                EstimationMethod = estimated ? l?.EstimationMethod ?? d?.EstimationMethod : null,
                Mix = mix?.Hours.GetValueOrDefault(hour),
                FetchedAt = fetchedAt,
            });
        }

        return points;
    }
}
