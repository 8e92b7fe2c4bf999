using System.Globalization;
using FactorTrace.Text;
using FactorTrace.Units;

namespace FactorTrace.Data.Ledger;

/// <summary>An activity record as the API takes it.</summary>
public sealed record ActivityBody
{
    /// <summary>Activity id.</summary>
    public string? ActivityId { get; init; }
    /// <summary>Free-text description.</summary>
    public string? Description { get; init; }
    /// <summary>Amount, in the record's unit.</summary>
    public double? Amount { get; init; }
    /// <summary>Unit.</summary>
    public string? Unit { get; init; }
    /// <summary>Date of the activity.</summary>
    public DateOnly? Date { get; init; }
    /// <summary>Start of the period.</summary>
    public DateOnly? PeriodStart { get; init; }
    /// <summary>End of the period.</summary>
    public DateOnly? PeriodEnd { get; init; }
    /// <summary>Site.</summary>
    public string? Site { get; init; }
    /// <summary>Region code.</summary>
    public string? Region { get; init; }
    /// <summary>Scope override (1, 2, 3).</summary>
    public string? Scope { get; init; }
    /// <summary>Scope 3 category; on a Scope 1 record, a Scope 1 source type named here is taken as the record's scope1_source.</summary>
    public string? Category { get; init; }
    /// <summary>Scope 1 source type (mobile-combustion, stationary-combustion, process, fugitive).</summary>
    public string? Scope1Source { get; init; }
    /// <summary>Supplier.</summary>
    public string? Supplier { get; init; }
    /// <summary>Spend.</summary>
    public double? Spend { get; init; }
    /// <summary>Currency of the spend.</summary>
    public string? Currency { get; init; }
    /// <summary>Contractual instrument.</summary>
    public InstrumentBody? Instrument { get; init; }
    /// <summary>Notes.</summary>
    public string? Notes { get; init; }
    /// <summary>The import it came from.</summary>
    public Guid? ImportId { get; init; }
}

/// <summary>A contractual instrument on an electricity record.</summary>
/// <param name="Type">certificate, ppa or green_tariff.</param>
/// <param name="Reference">Certificate or contract number.</param>
/// <param name="KgCo2ePerKwh">The rate it conveys.</param>
public sealed record InstrumentBody(string? Type, string? Reference, double? KgCo2ePerKwh);

/// <summary>A field that is wrong, with a stable code.</summary>
/// <param name="Field">The field, snake_case.</param>
/// <param name="Code">Stable error code.</param>
/// <param name="Message">What is wrong, for people.</param>
/// <param name="Suggestions">Values that would be accepted.</param>
public sealed record FieldError(string Field, string Code, string Message, IReadOnlyList<string>? Suggestions = null);

/// <summary>
/// The rules a record must meet to be stored (docs/calculation.md, "Records"): an activity id or a description; an amount
/// with a known unit, or a spend with a known currency; a date, or a period whose end is not before its start; scope 1, 2
/// or 3; a Scope 3 category 1–15; finite amounts within ±1e15; no control or bidirectional-override character in a
/// text field (<see cref="TextSafety"/>: notes may hold tabs and line breaks, the other fields are single-line). Zero and
/// negative amounts are valid.
/// </summary>
public static class ActivityValidation
{
    private const double MaxMagnitude = 1e15;

    /// <summary>The first rule <paramref name="body"/> breaks, or null.</summary>
    public static FieldError? Validate(ActivityBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrWhiteSpace(body.ActivityId) && string.IsNullOrWhiteSpace(body.Description))
        {
            return new("activity_id", "missing_field", "Give an activity_id or a description.");
        }

        if (Length(body) is { } tooLong)
        {
            return tooLong;
        }

        if (UnsafeText(body) is { } unsafeText)
        {
            return unsafeText;
        }

        if (body.Amount is null && body.Spend is null)
        {
            return new("amount", "missing_field", "Give an amount with a unit, or a spend with a currency.");
        }

        if (body.Amount is { } amount)
        {
            if (Magnitude("amount", amount) is { } bad)
            {
                return bad;
            }

            if (string.IsNullOrWhiteSpace(body.Unit))
            {
                return new("unit", "missing_unit", "The amount has no unit; give one (for example kWh, L, kg, km).");
            }

            if (Unit("unit", body.Unit, money: false) is { } badUnit)
            {
                return badUnit;
            }
        }
        else if (!string.IsNullOrWhiteSpace(body.Unit))
        {
            return new("amount", "missing_field", $"The unit {body.Unit} has no amount.");
        }

        if (body.Spend is { } spend)
        {
            if (Magnitude("spend", spend) is { } bad)
            {
                return bad;
            }

            if (string.IsNullOrWhiteSpace(body.Currency))
            {
                return new("currency", "missing_unit", "The spend has no currency; give an ISO 4217 code such as EUR.");
            }
        }

        if (!string.IsNullOrWhiteSpace(body.Currency) && Unit("currency", body.Currency, money: true) is { } badCurrency)
        {
            return badCurrency;
        }

        if (body.Date is null && (body.PeriodStart is null || body.PeriodEnd is null))
        {
            return new(body.PeriodStart is null && body.PeriodEnd is null ? "date" : body.PeriodStart is null ? "period_start" : "period_end", "missing_field",
                "Give a date, or both period_start and period_end.");
        }

        if (body.Date is not null && (body.PeriodStart is not null || body.PeriodEnd is not null))
        {
            return new("date", "invalid_value", "Give a date or a period, not both.");
        }

        if (body.PeriodEnd < body.PeriodStart)
        {
            return new("period_end", "invalid_value", $"period_end {body.PeriodEnd:yyyy-MM-dd} is before period_start {body.PeriodStart:yyyy-MM-dd}.");
        }

        if (body.Scope is { } scope && scope.Trim() is not ("1" or "2" or "3"))
        {
            return new("scope", "invalid_value", $"Scope '{scope}' is not 1, 2 or 3.", ["1", "2", "3"]);
        }

        if (Scope1SourceError(body) is { } sourceError)
        {
            return sourceError;
        }

        if (body.Category is { } category && NormalizeCategory(category) is null && NormalizeScope1Source(category) is null)
        {
            return new("category", "invalid_value", $"Category '{category}' is not a GHG Protocol Scope 3 category (3.1 to 3.15) nor a Scope 1 source type.");
        }

        if (body.Instrument is { } instrument)
        {
            if (string.IsNullOrWhiteSpace(instrument.Type))
            {
                return new("instrument.type", "missing_field", "The instrument needs a type (certificate, ppa, green_tariff).");
            }

            if (instrument.KgCo2ePerKwh is not { } rate || !double.IsFinite(rate) || rate < 0 || rate > 5)
            {
                return new("instrument.kg_co2e_per_kwh", "invalid_value", "The instrument's rate is required, in kg CO2e/kWh between 0 and 5.");
            }
        }

        return null;
    }

    /// <summary>The Scope 1 source types, as stored.</summary>
    public static IReadOnlyList<string> Scope1Sources { get; } = ["mobile-combustion", "stationary-combustion", "process", "fugitive"];

    /// <summary>
    /// The Scope 1 source type <paramref name="text"/> names (case, spaces, hyphens and underscores aside; a trailing
    /// "emissions" or "combustion" optional): <c>mobile-combustion</c>, <c>stationary-combustion</c>, <c>process</c> or
    /// <c>fugitive</c>; null when it names none.
    /// </summary>
    public static string? NormalizeScope1Source(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.Trim().ToLowerInvariant().Split([' ', '-', '_', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 0 && words[0] is "scope1" or "s1")
        {
            words.RemoveAt(0);
        }
        else if (words.Count > 1 && words[0] == "scope" && words[1] == "1")
        {
            words.RemoveRange(0, 2);
        }

        if (words.Count > 1 && words[^1] is "emissions" or "emission" or "sources" or "source")
        {
            words.RemoveAt(words.Count - 1);
        }

        return string.Join(' ', words) switch
        {
            "mobile" or "mobile combustion" => "mobile-combustion",
            "stationary" or "stationary combustion" => "stationary-combustion",
            "process" or "industrial process" => "process",
            "fugitive" => "fugitive",
            _ => null,
        };
    }

    /// <summary>
    /// The Scope 1 source type of a record: <see cref="ActivityBody.Scope1Source"/>, else a <see cref="ActivityBody.Category"/>
    /// that names one (and is no Scope 3 category) on a record whose scope is 1 or not given.
    /// </summary>
    public static string? Scope1SourceOf(ActivityBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Scope1Source is { } explicitSource)
        {
            return NormalizeScope1Source(explicitSource);
        }

        return body.Category is { } category && NormalizeCategory(category) is null && body.Scope?.Trim() is null or "1" ? NormalizeScope1Source(category) : null;
    }

    /// <summary>
    /// <paramref name="body"/> with its Scope 1 source type in <see cref="ActivityBody.Scope1Source"/> (normalized), taken
    /// out of <see cref="ActivityBody.Category"/> when the category named it; unchanged when it has none.
    /// </summary>
    public static ActivityBody WithScope1Source(ActivityBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var source = Scope1SourceOf(body);
        if (source is null)
        {
            return body;
        }

        var categoryNamedIt = body.Category is { } category && NormalizeCategory(category) is null && NormalizeScope1Source(category) is not null;
        return body with { Scope1Source = source, Category = categoryNamedIt ? null : body.Category };
    }

    /// <summary>A Scope 1 source type that names none, or stands on a Scope 2 or 3 record.</summary>
    private static FieldError? Scope1SourceError(ActivityBody body)
    {
        var scope = body.Scope?.Trim();
        if (body.Scope1Source is { } source)
        {
            if (NormalizeScope1Source(source) is null)
            {
                return new("scope1_source", "invalid_value", $"'{source}' is not a Scope 1 source type.", Scope1Sources);
            }

            if (scope is "2" or "3")
            {
                return new("scope1_source", "invalid_value",
                    $"A Scope 1 source type is only for Scope 1 records; this one is Scope {scope}. Set scope to 1, or remove scope1_source.", ["scope: 1"]);
            }
        }

        if (body.Category is { } category && NormalizeCategory(category) is null && NormalizeScope1Source(category) is { } named)
        {
            if (scope is "2" or "3")
            {
                return new("category", "invalid_value",
                    $"'{category}' is a Scope 1 source type ({named}), but the record is Scope {scope}. Set scope to 1, or give a Scope 3 category (3.1 to 3.15).", ["scope: 1", "3.1 to 3.15"]);
            }

            if (body.Scope1Source is { } other && NormalizeScope1Source(other) != named)
            {
                return new("category", "invalid_value", $"The category names the Scope 1 source type {named}, and scope1_source another ({other}).", [named]);
            }
        }

        return null;
    }

    /// <summary><c>3.6</c> for <c>3.6</c> or <c>6</c>; null when not a category 1–15.</summary>
    public static string? NormalizeCategory(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        var text = category.Trim();
        if (text.StartsWith("3.", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 15 ? $"3.{n}" : null;
    }

    /// <summary>Copies a valid body onto a record, normalizing units, region and category.</summary>
    public static void Apply(ActivityBody body, ActivityRecord record)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(record);
        record.ActivityId = Clean(body.ActivityId);
        record.Description = Clean(body.Description);
        record.Amount = body.Amount;
        record.Unit = body.Amount is null ? null : UnitRegistry.Default.Lookup(body.Unit).Unit?.Code ?? Clean(body.Unit);
        record.Date = body.Date;
        record.PeriodStart = body.PeriodStart;
        record.PeriodEnd = body.PeriodEnd;
        record.AccountingDate = body.Date ?? body.PeriodStart!.Value;
        record.Site = Clean(body.Site);
        record.Region = Clean(body.Region)?.ToUpperInvariant();
        record.Scope = Clean(body.Scope);
        record.Category = body.Category is null ? null : NormalizeCategory(body.Category);
        record.Scope1Source = Scope1SourceOf(body);
        record.Supplier = Clean(body.Supplier);
        record.Spend = body.Spend;
        record.Currency = body.Currency is null ? null : UnitRegistry.Default.Lookup(body.Currency).Unit?.Code;
        record.InstrumentType = Clean(body.Instrument?.Type);
        record.InstrumentReference = Clean(body.Instrument?.Reference);
        record.InstrumentKgCo2ePerKwh = body.Instrument?.KgCo2ePerKwh;
        record.Notes = body.Notes;
        record.ImportId = body.ImportId;
    }

    private static FieldError? Magnitude(string field, double value) =>
        !double.IsFinite(value) || Math.Abs(value) > MaxMagnitude ? new(field, "out_of_range", $"{field} must be a finite number within ±1e15.") : null;

    /// <summary>A unit (or, with <paramref name="money"/>, a currency) the registry knows unambiguously.</summary>
    public static FieldError? Unit(string field, string text, bool money)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lookup = UnitRegistry.Default.Lookup(text);
        if (lookup.Unit is not { } unit)
        {
            return lookup.IsAmbiguous
                ? new(field, "ambiguous_unit", $"'{text}' is ambiguous; say which one.", lookup.Choices)
                : new(field, "unknown_unit", $"Unknown unit '{text}'.", UnitRegistry.Default.Suggest(text));
        }

        return money && unit.Dimension != "money" ? new(field, "invalid_value", $"'{text}' is not a currency.") : null;
    }

    /// <summary>
    /// The <c>invalid_value</c> error when <paramref name="text"/> holds a character <see cref="TextSafety"/> refuses (in
    /// what is stored: single-line fields are trimmed first), with the message of <see cref="UnsafeCharacter.Describe"/>.
    /// </summary>
    public static FieldError? Unsafe(string field, string? text, bool multiline = false)
    {
        ArgumentNullException.ThrowIfNull(field);
        var found = text is null ? null : multiline ? TextSafety.FindUnsafe(text, multiline: true) : TextSafety.FindUnsafeTrimmed(text);
        return found is { } bad ? new(field, "invalid_value", bad.Describe(field)) : null;
    }

    private static FieldError? UnsafeText(ActivityBody body)
    {
        foreach (var (field, value) in new (string, string?)[]
        {
            ("activity_id", body.ActivityId), ("description", body.Description), ("unit", body.Unit), ("site", body.Site), ("region", body.Region),
            ("scope", body.Scope), ("category", body.Category), ("scope1_source", body.Scope1Source), ("supplier", body.Supplier), ("currency", body.Currency),
            ("instrument.type", body.Instrument?.Type), ("instrument.reference", body.Instrument?.Reference),
        })
        {
            if (Unsafe(field, value) is { } bad)
            {
                return bad;
            }
        }

        return Unsafe("notes", body.Notes, multiline: true);
    }

    private static FieldError? Length(ActivityBody body)
    {
        foreach (var (field, value, max) in new (string, string?, int)[]
        {
            ("activity_id", body.ActivityId, 300), ("description", body.Description, 1000), ("site", body.Site, 200), ("region", body.Region, 64),
            ("supplier", body.Supplier, 300), ("notes", body.Notes, 4000), ("unit", body.Unit, 64), ("currency", body.Currency, 8), ("scope1_source", body.Scope1Source, 64),
        })
        {
            if (value is { Length: var length } && length > max)
            {
                return new(field, "too_long", $"{field} has {length} characters; at most {max}.");
            }
        }

        return null;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

