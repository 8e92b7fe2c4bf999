using System.Globalization;
using FactorTrace.Import.Normalization;

namespace FactorTrace.Grid.Workloads.Files;

/// <summary>
/// Reads the cells of a workload file with the importer's normalizers: numbers through <see cref="NumberFormat"/>
/// (a decimal comma, or a value that reads either way, is refused unless a number format is given; never reinterpreted),
/// and for instants that cannot be used, an ISO 8601 form with an offset suggested through <see cref="DateFormat"/>.
/// </summary>
internal static class WorkloadCells
{
    private const string CommaSample = "1.234,5";
    private const string PointSample = "1,234.5";

    /// <summary>The number in <paramref name="text"/> (null when empty), or the problem in <paramref name="error"/>.</summary>
    public static double? Number(string text, bool typed, string? format, string field, out WorkloadError? error)
    {
        error = null;
        var value = text.Trim();
        if (value.Length == 0)
        {
            return null;
        }

        if (typed)
        {
            // A spreadsheet's own number: its text is invariant. A date or time cell is not an amount.
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var cell))
            {
                return cell;
            }

            error = new(field, "invalid_number", $"{field} '{value}' is a date or time cell, not a number.");
            return null;
        }

        var vote = NumberFormat.Classify(value);
        if (vote == NumberFormat.Vote.NotANumber)
        {
            error = new(field, "invalid_number", $"{field} '{value}' is not a number.");
            return null;
        }

        if (format is null && vote is NumberFormat.Vote.Eu or NumberFormat.Vote.Ambiguous)
        {
            error = new(field, "ambiguous_number", vote == NumberFormat.Vote.Eu
                ? $"{field} '{value}' has a decimal comma; pass number_format=eu ({CommaSample}) to read it so. Numbers are read with a decimal point unless number_format says otherwise."
                : $"{field} '{value}' reads as a thousands group or as three decimals; pass number_format=eu ({CommaSample}) or number_format=us ({PointSample}).",
                vote == NumberFormat.Vote.Eu ? ["number_format=eu"] : ["number_format=eu", "number_format=us"]);
            return null;
        }

        var wanted = format ?? NumberFormat.Us;
        if ((wanted == NumberFormat.Us && vote == NumberFormat.Vote.Eu) || (wanted == NumberFormat.Eu && vote == NumberFormat.Vote.Us))
        {
            var other = wanted == NumberFormat.Us ? NumberFormat.Eu : NumberFormat.Us;
            error = new(field, "number_format_mismatch", $"{field} '{value}' only reads with a decimal {(other == NumberFormat.Eu ? "comma" : "point")}, but number_format is {wanted}.", [$"number_format={other}"]);
            return null;
        }

        if (!NumberFormat.TryParse(value, wanted, out var number, out var percent, out var currency) || percent || currency is not null)
        {
            error = new(field, "invalid_number", $"{field} '{value}' is not a plain number (no percent or currency signs; {(wanted == NumberFormat.Eu ? CommaSample : PointSample)}).");
            return null;
        }

        return number;
    }

    /// <summary>An instant with an offset that <paramref name="text"/> may have meant: the same wall time in UTC; empty when it is no date.</summary>
    public static IReadOnlyList<string> InstantSuggestions(string text, bool typed)
    {
        var value = text.Trim();
        if (DateTime.TryParseExact(value, ["yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var local))
        {
            return [local.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "Z"];
        }

        // A day in another notation (15.03.2024, 15 Mar 2024): suggested only when it reads one way.
        var vote = DateFormat.Classify(value, typed);
        if (vote is DateFormat.Vote.NotADate or DateFormat.Vote.Ambiguous
            || !DateFormat.TryParse(value, vote == DateFormat.Vote.Mdy ? DateFormat.Mdy : DateFormat.Dmy, typed, out var start, out var end) || start != end)
        {
            return [];
        }

        return [start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z"];
    }
}
