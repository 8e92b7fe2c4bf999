using System.Globalization;

namespace FactorTrace.Import.Normalization;

/// <summary>
/// Dates as spreadsheets hold them: ISO (<c>2024-03-15</c>), day-first or month-first with <c>/ . -</c> (the order is
/// decided per column), month names in English, German, French and Spanish (<c>15 Mar 2024</c>, <c>März 2024</c>),
/// Excel serial numbers, and months, quarters, years and ranges as periods.
/// </summary>
public static partial class DateFormat
{
    /// <summary>Day first.</summary>
    public const string Dmy = "dmy";

    /// <summary>Month first.</summary>
    public const string Mdy = "mdy";

    private static readonly Dictionary<string, int> Months = BuildMonths();

    /// <summary>How one value votes on its column's order.</summary>
    public enum Vote
    {
        /// <summary>Unambiguous (ISO, month name, serial).</summary>
        Neutral,

        /// <summary>Only readable day first (first part above 12).</summary>
        Dmy,

        /// <summary>Only readable month first (second part above 12).</summary>
        Mdy,

        /// <summary>Both parts 12 or below.</summary>
        Ambiguous,

        /// <summary>Not a date.</summary>
        NotADate,
    }

    /// <summary>The vote of one value.</summary>
    public static Vote Classify(string text, bool typed)
    {
        if (!TryNumeric(text.Trim(), out var a, out var b, out _))
        {
            return TryParse(text, Dmy, typed, out _, out _) ? Vote.Neutral : Vote.NotADate;
        }

        return a > 12 && b <= 12 ? Vote.Dmy : b > 12 && a <= 12 ? Vote.Mdy : a <= 12 && b <= 12 ? Vote.Ambiguous : Vote.NotADate;
    }

    /// <summary>
    /// Parses a date or a period; <paramref name="start"/> and <paramref name="end"/> are equal for a single day.
    /// <paramref name="order"/> is used only for <c>a/b/yyyy</c> forms.
    /// </summary>
    public static bool TryParse(string text, string order, bool typed, out DateOnly start, out DateOnly end)
    {
        start = end = default;
        var value = (text ?? "").Trim();
        if (value.Length == 0 || value.Length > 64)
        {
            return false;
        }

        if (TryRange(value, order, typed, out start, out end))
        {
            return true;
        }

        if (TryDay(value, order, typed, out start))
        {
            end = start;
            return true;
        }

        return TryPeriod(value, out start, out end);
    }

    private static bool TryRange(string value, string order, bool typed, out DateOnly start, out DateOnly end)
    {
        start = end = default;
        foreach (var separator in new[] { " to ", " - ", " – ", " bis ", " au ", "–", "/" })
        {
            var at = value.IndexOf(separator, StringComparison.OrdinalIgnoreCase);
            if (at <= 0 || (separator == "/" && value.Count(c => c == '/') != 1))
            {
                continue;
            }

            var left = value[..at].Trim();
            var right = value[(at + separator.Length)..].Trim();
            if (TryDay(left, order, typed, out start) && TryDay(right, order, typed, out end))
            {
                return end >= start;
            }

            if (TryPeriod(left, out start, out _) && TryPeriod(right, out _, out end))
            {
                return end >= start;
            }
        }

        return false;
    }

    private static bool TryDay(string value, string order, bool typed, out DateOnly date)
    {
        date = default;
        // ISO, with an optional time.
        var datePart = value.Length > 10 && (value[10] == 'T' || value[10] == ' ') && TimeOfDay().IsMatch(value[11..]) ? value[..10] : value;
        if (DateOnly.TryParseExact(datePart, ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy.MM.dd", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return datePart.Length != 8 || date.Year is >= 1950 and <= 2100;
        }

        if (TryNumeric(datePart, out var a, out var b, out var year))
        {
            var (day, month) = order == Mdy ? (b, a) : (a, b);
            if (month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                date = new DateOnly(year, month, day);
                return true;
            }

            return false;
        }

        // Excel serial day numbers (1954–2119 unless the cell was typed as a date by the spreadsheet itself).
        if (double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial) && serial == Math.Floor(serial)
            && (typed ? serial is >= 1 and < 2958466 : serial is >= 20000 and <= 80000))
        {
            date = DateOnly.FromDateTime(DateTime.FromOADate(serial));
            return true;
        }

        return TryNamed(value, out date);
    }

    /// <summary><c>a/b/yyyy</c>, <c>a.b.yy</c>, <c>a-b-yyyy</c>.</summary>
    private static bool TryNumeric(string value, out int a, out int b, out int year)
    {
        a = b = year = 0;
        var parts = value.Split('/', '.', '-');
        if (parts.Length != 3 || parts[0].Length is < 1 or > 2 || parts[1].Length is < 1 or > 2 || parts[2].Length is not (2 or 4))
        {
            return false;
        }

        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out a)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out b)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out year))
        {
            return false;
        }

        if (parts[2].Length == 2)
        {
            year += year < 70 ? 2000 : 1900;
        }

        return year is >= 1900 and <= 2200 && a >= 1 && b >= 1;
    }

    /// <summary><c>15 March 2024</c>, <c>March 15, 2024</c>, <c>15-Mar-2024</c>, <c>15. März 2024</c>.</summary>
    private static bool TryNamed(string value, out DateOnly date)
    {
        date = default;
        var tokens = Tokens(value);
        if (tokens.Count != 3)
        {
            return false;
        }

        int? day = null, month = null, year = null;
        foreach (var token in tokens)
        {
            if (Months.TryGetValue(token, out var m) && month is null)
            {
                month = m;
            }
            else if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                if (token.Length == 4 && year is null)
                {
                    year = n;
                }
                else if (n is >= 1 and <= 31 && day is null)
                {
                    day = n;
                }
                else if (token.Length == 2 && year is null)
                {
                    year = 2000 + n;
                }
                else
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        if (day is not { } d || month is not { } mo || year is not { } y || y is < 1900 or > 2200 || d > DateTime.DaysInMonth(y, mo))
        {
            return false;
        }

        date = new DateOnly(y, mo, d);
        return true;
    }

    /// <summary>A month (<c>2024-03</c>, <c>03/2024</c>, <c>March 2024</c>, <c>Mar-24</c>), a quarter (<c>Q1 2024</c>) or a year.</summary>
    private static bool TryPeriod(string value, out DateOnly start, out DateOnly end)
    {
        start = end = default;
        var tokens = Tokens(value);
        if (tokens.Count == 1 && tokens[0].Length == 4 && int.TryParse(tokens[0], NumberStyles.None, CultureInfo.InvariantCulture, out var onlyYear) && onlyYear is >= 1900 and <= 2200)
        {
            start = new DateOnly(onlyYear, 1, 1);
            end = new DateOnly(onlyYear, 12, 31);
            return true;
        }

        if (tokens.Count != 2)
        {
            return false;
        }

        int? month = null, year = null, quarter = null;
        foreach (var token in tokens)
        {
            if (Months.TryGetValue(token, out var m) && month is null)
            {
                month = m;
            }
            else if (token.Length == 2 && token[0] == 'q' && token[1] is >= '1' and <= '4' && quarter is null)
            {
                quarter = token[1] - '0';
            }
            else if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                if (token.Length == 4 && year is null)
                {
                    year = n;
                }
                else if (token.Length <= 2 && n is >= 1 and <= 12 && month is null && quarter is null && year is not null)
                {
                    month = n;
                }
                else if (token.Length <= 2 && n is >= 1 and <= 12 && month is null && quarter is null && tokens[0] == token)
                {
                    month = n;
                }
                else if (token.Length == 2 && year is null && (month is not null || quarter is not null))
                {
                    year = 2000 + n;
                }
                else
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        if (year is not { } y || y is < 1900 or > 2200)
        {
            return false;
        }

        if (quarter is { } q)
        {
            start = new DateOnly(y, ((q - 1) * 3) + 1, 1);
            end = start.AddMonths(3).AddDays(-1);
            return true;
        }

        if (month is { } mo)
        {
            start = new DateOnly(y, mo, 1);
            end = start.AddMonths(1).AddDays(-1);
            return true;
        }

        return false;
    }

    private static List<string> Tokens(string value)
    {
        var tokens = new List<string>(4);
        var current = new System.Text.StringBuilder();
        foreach (var c in value)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        // "2024q1" and "q12024" forms.
        if (tokens.Count == 1 && tokens[0].Length == 6 && tokens[0].Contains('q', StringComparison.Ordinal))
        {
            var t = tokens[0];
            var at = t.IndexOf('q', StringComparison.Ordinal);
            return at == 4 ? [t[..4], t[4..]] : at == 0 ? [t[..2], t[2..]] : tokens;
        }

        return tokens;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")]
    private static partial System.Text.RegularExpressions.Regex TimeOfDay();

    private static Dictionary<string, int> BuildMonths()
    {
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        string[][] names =
        [
            ["january", "jan", "januar", "janvier", "janv", "enero", "ene", "jänner", "jän"],
            ["february", "feb", "februar", "février", "fevrier", "févr", "fevr", "febrero"],
            ["march", "mar", "märz", "maerz", "mrz", "mars", "marzo"],
            ["april", "apr", "avril", "avr", "abril", "abr"],
            ["may", "mai", "mayo"],
            ["june", "jun", "juni", "juin", "junio"],
            ["july", "jul", "juli", "juillet", "juil", "julio"],
            ["august", "aug", "août", "aout", "agosto", "ago"],
            ["september", "sep", "sept", "septembre", "septiembre", "set"],
            ["october", "oct", "oktober", "okt", "octobre", "octubre"],
            ["november", "nov", "novembre", "noviembre"],
            ["december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic"],
        ];
        for (var i = 0; i < names.Length; i++)
        {
            foreach (var name in names[i])
            {
                months[name] = i + 1;
            }
        }

        return months;
    }
}
