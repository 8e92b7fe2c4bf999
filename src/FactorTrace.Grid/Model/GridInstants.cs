using System.Globalization;
using System.Text.RegularExpressions;

namespace FactorTrace.Grid.Model;

/// <summary>
/// ISO 8601 instants as the grid API takes them: an offset (<c>Z</c> or <c>±hh:mm</c>) is required, since a local time
/// without one names a different hour in every zone. Equal instants in different offsets are equal.
/// </summary>
public static partial class GridInstants
{
    /// <summary>Parses an instant with an offset; the problem says what was wrong otherwise.</summary>
    public static bool TryParse(string? text, out DateTimeOffset instant, out string? problem)
    {
        instant = default;
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t))
        {
            problem = "is required (an ISO 8601 instant with an offset, e.g. 2023-06-01T00:00:00Z).";
            return false;
        }

        if (!OffsetSuffix().IsMatch(t))
        {
            problem = $"'{t}' has no offset: write it in UTC with Z (e.g. {t.TrimEnd('Z')}Z) or with an offset such as +02:00.";
            return false;
        }

        if (!DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant))
        {
            problem = $"'{t}' is not an ISO 8601 instant (e.g. 2023-06-01T00:00:00Z).";
            return false;
        }

        instant = instant.ToUniversalTime();
        problem = null;
        return true;
    }

    /// <summary>An instant as the API writes it: UTC with <c>Z</c>.</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OffsetSuffix();
}
