using System.Globalization;
using System.Text.RegularExpressions;

namespace FactorTrace.Grid.Windows;

/// <summary>
/// Reads the instants of a window request: ISO 8601 with <c>Z</c> or a UTC offset. A local time without an offset is
/// refused rather than guessed (it names a different instant on every server).
/// </summary>
public static partial class WindowInstant
{
    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> names <paramref name="field"/>.</summary>
    public static bool TryParse(string? text, string field, out DateTimeOffset instant, out WindowError? error)
    {
        instant = default;
        var trimmed = text?.Trim() ?? "";
        var parsed = DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value);
        if (parsed && WithOffset().IsMatch(trimmed))
        {
            instant = value;
            error = null;
            return true;
        }

        error = parsed && LooksLocal().IsMatch(trimmed)
            ? new(field, WindowErrorCodes.MissingOffset, $"{field} has no UTC offset: end it with Z or an offset such as +02:00.")
            : new(field, WindowErrorCodes.InvalidInstant, $"{field} is not an ISO 8601 instant (e.g. 2023-06-01T10:00:00Z).");
        return false;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?([Zz]|[+-]\d{2}(:?\d{2})?)$")]
    private static partial Regex WithOffset();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?$")]
    private static partial Regex LooksLocal();
}
