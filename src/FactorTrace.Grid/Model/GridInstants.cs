using System.Globalization;

namespace FactorTrace.Grid.Model;

/// <summary>Instants as the grid API writes them (they are read by <see cref="Windows.WindowInstant"/>, which requires an offset).</summary>
public static class GridInstants
{
    /// <summary>An instant as the API writes it: UTC with <c>Z</c>.</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
