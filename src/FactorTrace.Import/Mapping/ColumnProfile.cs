using FactorTrace.Import.Normalization;
using FactorTrace.Units;

namespace FactorTrace.Import.Mapping;

/// <summary>What a column's values look like: how they vote on number and date formats, and how many are units, currencies or text.</summary>
public sealed class ColumnProfile
{
    private readonly List<string> _samples = [];

    /// <summary>Non-empty values seen.</summary>
    public long Values { get; private set; }

    /// <summary>Votes for a decimal comma.</summary>
    public long EuNumbers { get; private set; }

    /// <summary>Votes for a decimal point.</summary>
    public long UsNumbers { get; private set; }

    /// <summary><c>1,234</c>-style values that fit both.</summary>
    public long AmbiguousNumbers { get; private set; }

    /// <summary>Numbers without separators.</summary>
    public long PlainNumbers { get; private set; }

    /// <summary>Votes for day first.</summary>
    public long DmyDates { get; private set; }

    /// <summary>Votes for month first.</summary>
    public long MdyDates { get; private set; }

    /// <summary>Dates that fit both orders.</summary>
    public long AmbiguousDates { get; private set; }

    /// <summary>Dates in unambiguous forms.</summary>
    public long OtherDates { get; private set; }

    /// <summary>Values the unit registry knows as a non-money unit.</summary>
    public long Units { get; private set; }

    /// <summary>Values that are currencies.</summary>
    public long Currencies { get; private set; }

    /// <summary>Words that name more than one unit (<c>gal</c>, <c>therms</c>): a unit column still, with a question.</summary>
    public long AmbiguousUnits { get; private set; }

    /// <summary>Values that read as a number (either decimal separator, symbols and signs allowed).</summary>
    public long Parsed { get; private set; }

    /// <summary>Values that read as a date or a period, in either day/month order.</summary>
    public long ParsedDates { get; private set; }

    /// <summary>Values that read as a scope (1, 2, 3, Scope 1, S2).</summary>
    public long Scopes { get; private set; }

    /// <summary>Values that read as a Scope 3 category (3.6, Cat 6, Business travel) or a Scope 1 source type (mobile combustion).</summary>
    public long Categories { get; private set; }

    /// <summary>Codes rather than words: no white space, and a digit among letters (<c>TRK-101</c>, <c>****1234</c>, <c>BK-10021</c>).</summary>
    public long Codes { get; private set; }

    /// <summary>The first distinct values, for content-based mapping.</summary>
    public IReadOnlyList<string> Samples => _samples;

    /// <summary>
    /// How far the values fit <paramref name="field"/>: the share that parse as it (dates and periods, numbers, units,
    /// currencies, scopes, categories); text fields take anything, but a column of plain numbers fits them poorly. 1 when
    /// the sample has no values.
    /// </summary>
    public double Fit(string field)
    {
        if (Values == 0)
        {
            return 1;
        }

        double share(long n) => Math.Min(1, (double)n / Values);
        return field switch
        {
            "date" or "period" or "period_start" or "period_end" => share(ParsedDates),
            "amount" or "spend" => share(Parsed),
            "unit" => share(Units + AmbiguousUnits),
            "currency" => share(Currencies),
            "scope" => share(Scopes),
            "category" => share(Categories),
            "description" or "activity" or "supplier" => share(Parsed) >= 0.8 ? 0.4 : 1,
            _ => 1,
        };
    }

    /// <summary>Numbers of any form.</summary>
    public long Numbers => EuNumbers + UsNumbers + AmbiguousNumbers + PlainNumbers;

    /// <summary>Dates of any form.</summary>
    public long Dates => DmyDates + MdyDates + AmbiguousDates + OtherDates;

    /// <summary>Adds a value to every vote (used on the sample rows).</summary>
    public void AddAll(string text, bool typed)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        AddNumber(text, typed);
        AddDate(text, typed);
        var trimmed = text.Trim();
        if (NumberFormat.TryParse(trimmed, NumberFormat.Us, out _, out _, out _) || NumberFormat.TryParse(trimmed, NumberFormat.Eu, out _, out _, out _))
        {
            Parsed++;
        }

        if (DateFormat.TryParse(trimmed, DateFormat.Dmy, typed, out _, out _) || DateFormat.TryParse(trimmed, DateFormat.Mdy, typed, out _, out _))
        {
            ParsedDates++;
        }

        if (Processing.Classification.Scope(trimmed) is not null)
        {
            Scopes++;
        }

        if (Processing.Classification.Category(trimmed) is not null || FactorTrace.Data.Ledger.ActivityValidation.NormalizeScope1Source(trimmed) is not null)
        {
            Categories++;
        }

        if (!trimmed.Any(char.IsWhiteSpace) && trimmed.Any(char.IsDigit) && !trimmed.All(c => char.IsDigit(c) || c is '.' or ',' or '-' or '+'))
        {
            Codes++;
        }

        var lookup = UnitRegistry.Default.Lookup(trimmed);
        if (lookup.IsAmbiguous)
        {
            AmbiguousUnits++;
        }

        if (lookup.Unit is { } unit)
        {
            if (unit.Dimension == "money")
            {
                Currencies++;
            }
            else
            {
                Units++;
            }
        }

        if (_samples.Count < 50 && !_samples.Contains(text))
        {
            _samples.Add(text.Length > 200 ? text[..200] : text);
        }
    }

    /// <summary>Adds a value's number vote only.</summary>
    public void AddNumber(string text, bool typed)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        Values++;
        switch (typed ? NumberFormat.Vote.Us : NumberFormat.Classify(text))
        {
            case NumberFormat.Vote.Eu: EuNumbers++; break;
            case NumberFormat.Vote.Us: UsNumbers++; break;
            case NumberFormat.Vote.Ambiguous: AmbiguousNumbers++; break;
            case NumberFormat.Vote.Neutral: PlainNumbers++; break;
            default: break;
        }
    }

    /// <summary>Adds a value's date vote only.</summary>
    public void AddDate(string text, bool typed)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        switch (DateFormat.Classify(text, typed))
        {
            case DateFormat.Vote.Dmy: DmyDates++; break;
            case DateFormat.Vote.Mdy: MdyDates++; break;
            case DateFormat.Vote.Ambiguous: AmbiguousDates++; break;
            case DateFormat.Vote.Neutral: OtherDates++; break;
            default: break;
        }
    }

    /// <summary>The column's number format and, when the votes do not settle it, a warning.</summary>
    public (string Format, string? Code, string? Message) DecideNumberFormat(string fallback)
    {
        if (EuNumbers > 0 && UsNumbers == 0)
        {
            return (NumberFormat.Eu, null, null);
        }

        if (UsNumbers > 0 && EuNumbers == 0)
        {
            return (NumberFormat.Us, null, null);
        }

        if (EuNumbers > 0 && UsNumbers > 0)
        {
            var format = EuNumbers >= UsNumbers ? NumberFormat.Eu : NumberFormat.Us;
            return (format, "mixed_number_formats",
                $"{EuNumbers:N0} values use a decimal comma and {UsNumbers:N0} a decimal point; read as {(format == NumberFormat.Eu ? "decimal comma (1.234,56)" : "decimal point (1,234.56)")}. Set number_format on the column if that is wrong.");
        }

        if (AmbiguousNumbers > 0)
        {
            return (fallback, "ambiguous_number_format",
                $"{AmbiguousNumbers:N0} values such as 1,234 or 1.234 read either way and no value settles it; read with a {(fallback == NumberFormat.Eu ? "decimal comma" : "decimal point")}. Set number_format on the column if that is wrong.");
        }

        return (fallback, null, null);
    }

    /// <summary>The column's date order and, when the votes do not settle it, a warning.</summary>
    public (string Order, string? Code, string? Message) DecideDateOrder(string fallback)
    {
        if (DmyDates > 0 && MdyDates == 0)
        {
            return (DateFormat.Dmy, null, null);
        }

        if (MdyDates > 0 && DmyDates == 0)
        {
            return (DateFormat.Mdy, null, null);
        }

        if (DmyDates > 0 && MdyDates > 0)
        {
            var order = DmyDates >= MdyDates ? DateFormat.Dmy : DateFormat.Mdy;
            return (order, "mixed_date_orders",
                $"{DmyDates:N0} dates are only valid day first and {MdyDates:N0} only month first; read {(order == DateFormat.Dmy ? "day first" : "month first")}, so the others are errors.");
        }

        if (AmbiguousDates > 0)
        {
            return (fallback, "ambiguous_date_order",
                $"All {AmbiguousDates:N0} dates such as 03/04/2024 read either way; read {(fallback == DateFormat.Dmy ? "day first (DD/MM/YYYY)" : "month first (MM/DD/YYYY)")}. Set date_order on the column if that is wrong.");
        }

        return (fallback, null, null);
    }
}
