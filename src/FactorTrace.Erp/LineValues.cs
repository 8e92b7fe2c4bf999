using System.Globalization;
using System.Text.Json;
using FactorTrace.Import.Normalization;

namespace FactorTrace.Erp;

/// <summary>Reads a line's fields: nested by dots (REST), numbers and dates as ERPs write them (through the importer's normalisation).</summary>
internal static class LineValues
{
    /// <summary>The value at <paramref name="path"/> (a property name, or dotted for nested objects); null when absent.</summary>
    public static JsonElement? Find(JsonElement line, string? path)
    {
        if (string.IsNullOrEmpty(path) || line.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (line.TryGetProperty(path, out var direct))
        {
            return direct;
        }

        var current = line;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The value as text (numbers and booleans as written); null when absent, null or empty.</summary>
    public static string? Text(JsonElement line, string? path) => Find(line, path) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null,
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        _ => null,
    };

    /// <summary>A number: JSON numbers, and strings with a decimal point or comma, thousands groups, a currency symbol.</summary>
    public static (double? Value, string? Symbol, bool Bad) Number(JsonElement line, string? path)
    {
        switch (Find(line, path))
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return (null, null, false);
            case { ValueKind: JsonValueKind.Number } n:
                return n.TryGetDouble(out var d) && double.IsFinite(d) ? (d, null, false) : (null, null, true);
            case { ValueKind: JsonValueKind.String } s when s.GetString() is { } text && !string.IsNullOrWhiteSpace(text):
                var format = NumberFormat.Classify(text) == NumberFormat.Vote.Eu ? NumberFormat.Eu : NumberFormat.Us;
                return NumberFormat.TryParse(text, format, out var value, out var percent, out var symbol) && !percent ? (value, symbol, false) : (null, null, true);
            case { ValueKind: JsonValueKind.String }:
                return (null, null, false);
            default:
                return (null, null, true);
        }
    }

    /// <summary>A date: ISO dates and date-times (OData <c>Edm.Date</c>, <c>Edm.DateTimeOffset</c>), <c>/Date(ms)/</c>, or the forms the importer reads.</summary>
    public static DateOnly? Date(JsonElement line, string? path)
    {
        if (Text(line, path) is not { } text)
        {
            return null;
        }

        if (Instant(text) is { } instant)
        {
            return DateOnly.FromDateTime(instant);
        }

        return DateFormat.TryParse(text, DateFormat.Dmy, typed: false, out var start, out var end) && start == end ? start : null;
    }

    /// <summary>A point in time (UTC): ISO 8601 (a date alone is midnight UTC) or <c>/Date(ms)/</c>.</summary>
    public static DateTime? Instant(string text)
    {
        if (text.StartsWith("/Date(", StringComparison.Ordinal) && text.EndsWith(")/", StringComparison.Ordinal))
        {
            var inner = text[6..^2];
            var sign = inner.IndexOfAny(['+', '-'], 1);
            return long.TryParse(sign > 0 ? inner[..sign] : inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime : null;
        }

        if (text.Length >= 10 && char.IsAsciiDigit(text[0]) && text[4] == '-'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed.UtcDateTime;
        }

        return null;
    }
}
