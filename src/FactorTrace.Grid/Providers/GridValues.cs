using System.Globalization;
using System.Text.Json;

namespace FactorTrace.Grid.Providers;

/// <summary>What a provider's value must be to become a point.</summary>
internal static class GridValues
{
    /// <summary>Above any real grid (lignite plants' life-cycle rate is about 1,200 gCO2e/kWh): a unit or data error.</summary>
    public const double MaxIntensity = 5_000;

    public static bool IsPlausible(double value) => double.IsFinite(value) && value >= 0 && value <= MaxIntensity;

    public static bool IsOnTheHour(DateTimeOffset instant) => instant.UtcTicks % TimeSpan.TicksPerHour == 0;

    /// <summary>The first hour starting at or after an instant.</summary>
    public static DateTimeOffset HourAtOrAfter(DateTimeOffset instant)
    {
        var hour = Model.GridUnits.HourOf(instant);
        return hour < instant ? hour.AddHours(1) : hour;
    }

    /// <summary>An ISO 8601 instant property (UTC when it names no offset), or null.</summary>
    public static DateTimeOffset? Instant(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(p.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t.ToUniversalTime()
            : null;

    /// <summary>An instant as the providers' query strings take it.</summary>
    public static string Query(DateTimeOffset instant) =>
        Uri.EscapeDataString(instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    /// <summary>The note of an answer that is usable but incomplete, or null when it is complete.</summary>
    public static string? Note(int dropped, string? more = null)
    {
        var parts = new List<string>(2);
        if (dropped > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"{dropped} value(s) dropped (missing, non-finite, negative, above {MaxIntensity:0} gCO2e/kWh, undated or not on the hour)"));
        }

        if (more is not null)
        {
            parts.Add(more);
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}
