using System.Globalization;

namespace FactorTrace.Import.Normalization;

/// <summary>
/// Spreadsheet numbers as people write them: EU <c>1.234,56</c> and US <c>1,234.56</c> (which one is decided per column),
/// spaces, non-breaking spaces and apostrophes as thousands separators, negatives as <c>-5</c>, <c>5-</c> or <c>(5)</c>,
/// percent signs, and currency symbols before or after the number.
/// </summary>
public static class NumberFormat
{
    /// <summary>Decimal comma.</summary>
    public const string Eu = "eu";

    /// <summary>Decimal point.</summary>
    public const string Us = "us";

    /// <summary>How a single value votes on its column's format.</summary>
    public enum Vote
    {
        /// <summary>No separators: fits either.</summary>
        Neutral,

        /// <summary>Only readable with a decimal comma.</summary>
        Eu,

        /// <summary>Only readable with a decimal point.</summary>
        Us,

        /// <summary><c>1,234</c> or <c>1.234</c>: either a thousands group or three decimals.</summary>
        Ambiguous,

        /// <summary>Not a number.</summary>
        NotANumber,
    }

    /// <summary>The vote of one value.</summary>
    public static Vote Classify(string text)
    {
        if (!Clean(text, out var core, out _, out _, out _))
        {
            return Vote.NotANumber;
        }

        var comma = core.IndexOf(',', StringComparison.Ordinal);
        var dot = core.IndexOf('.', StringComparison.Ordinal);
        if (comma < 0 && dot < 0)
        {
            return Vote.Neutral;
        }

        if (comma >= 0 && dot >= 0)
        {
            return core.LastIndexOf(',') > core.LastIndexOf('.') ? Vote.Eu : Vote.Us;
        }

        var separator = comma >= 0 ? ',' : '.';
        var groups = core.Split(separator);
        var grouped = groups.Length >= 2 && groups[0].Length is >= 1 and <= 3 && groups.Skip(1).All(g => g.Length == 3);
        if (groups.Length > 2)
        {
            // Two or more of the same separator can only be thousands groups.
            return grouped ? (separator == ',' ? Vote.Us : Vote.Eu) : Vote.NotANumber;
        }

        if (grouped)
        {
            return Vote.Ambiguous;
        }

        return separator == ',' ? Vote.Eu : Vote.Us;
    }

    /// <summary>Parses <paramref name="text"/> with the column's format; false when it is not a finite number.</summary>
    public static bool TryParse(string text, string format, out double value, out bool percent, out string? currencySymbol)
    {
        value = 0;
        if (!Clean(text, out var core, out var negative, out percent, out currencySymbol))
        {
            return false;
        }

        var normalized = format == Eu ? core.Replace(".", "", StringComparison.Ordinal).Replace(',', '.') : core.Replace(",", "", StringComparison.Ordinal);
        if (!double.TryParse(normalized, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            return false;
        }

        if (negative)
        {
            value = -value;
        }

        if (percent)
        {
            value /= 100;
        }

        return true;
    }

    /// <summary>
    /// Strips what is not the digits and separators: white space of every kind, apostrophes between digits, a sign,
    /// parentheses, a percent sign and a currency symbol. False when what remains is not digits and separators.
    /// </summary>
    private static bool Clean(string text, out string core, out bool negative, out bool percent, out string? currencySymbol)
    {
        core = "";
        negative = false;
        percent = false;
        currencySymbol = null;
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var n = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is '\u00A0' or '\u202F' or '\u2009' or '\'' or '’')
            {
                continue;
            }

            if (c is >= '0' and <= '9')
            {
                digits++;
                buffer[n++] = c;
            }
            else if (c is '.' or ',')
            {
                buffer[n++] = c;
            }
            else if (c is 'e' or 'E' && digits > 0 && n > 0)
            {
                buffer[n++] = 'E';
            }
            else if (c is '+' && n > 0 && buffer[n - 1] == 'E')
            {
                continue;
            }
            else if (c is '-' or '−' or '–')
            {
                if (n > 0 && buffer[n - 1] == 'E')
                {
                    buffer[n++] = '-';
                }
                else if (negative)
                {
                    return false;
                }
                else
                {
                    negative = true;
                }
            }
            else if (c is '(' && n == 0 && !negative)
            {
                negative = true;
            }
            else if (c is ')' && negative)
            {
                continue;
            }
            else if (c is '+' && n == 0)
            {
                continue;
            }
            else if (c is '%' && !percent)
            {
                percent = true;
            }
            else if (c is '€' or '$' or '£' or '¥' or '₹' or '₩' or '₽' or '₺' or '₪' or '₫' or '₱' && currencySymbol is null)
            {
                currencySymbol = c.ToString();
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        core = new string(buffer[..n]);
        return core[0] != 'E';
    }
}
