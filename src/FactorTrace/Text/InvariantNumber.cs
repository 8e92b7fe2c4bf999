using System.Globalization;
using System.Text.RegularExpressions;

namespace FactorTrace.Text;

/// <summary>
/// Numbers typed on a command line or in a query: the decimal separator is always a point, whatever the machine's
/// culture. A comma is accepted only as a thousands separator in well-formed groups (<c>1,234.5</c>, <c>12,500</c>);
/// <c>12,5</c> is refused as ambiguous with the reading the user most likely meant, never read as 125.
/// </summary>
public static partial class InvariantNumber
{
    /// <summary>Reads a number, or says why not and what to write instead (a sentence with its final punctuation).</summary>
    public static bool TryParse(string? text, out double value, out string? problem)
    {
        value = 0;
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0)
        {
            problem = "a number is required.";
            return false;
        }

        if (Plain().IsMatch(trimmed) || Grouped().IsMatch(trimmed))
        {
            value = double.Parse(trimmed.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsFinite(value))
            {
                problem = null;
                return true;
            }

            problem = $"'{trimmed}' is out of range.";
            return false;
        }

        if (DecimalComma().IsMatch(trimmed))
        {
            var meant = trimmed.Replace(".", "", StringComparison.Ordinal).Replace(',', '.');
            problem = $"'{trimmed}' is ambiguous: the decimal separator is '.' and ',' only separates thousands in groups of three; did you mean {meant}?";
            return false;
        }

        problem = $"'{trimmed}' is not a number (write it like 1234.5 or 1,234.5).";
        return false;
    }

    /// <summary>Reads a whole number the same way (<c>2,024</c> is refused: a year or count has no separators).</summary>
    public static bool TryParseInteger(string? text, out int value, out string? problem)
    {
        value = 0;
        var trimmed = (text ?? "").Trim();
        if (int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            problem = null;
            return true;
        }

        problem = TryParse(trimmed, out var number, out var reason) && number == Math.Floor(number)
            ? $"'{trimmed}' must be written as a whole number without separators ({number.ToString("0", CultureInfo.InvariantCulture)})."
            : reason is not null && reason.Contains("ambiguous", StringComparison.Ordinal) ? reason : $"'{trimmed}' is not a whole number.";
        return false;
    }

    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();

    [GeneratedRegex(@"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Grouped();

    [GeneratedRegex(@"^[+-]?\d{1,3}(\.\d{3})*,\d+$|^[+-]?\d+,\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalComma();
}
