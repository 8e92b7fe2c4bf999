using System.Globalization;
using FactorTrace.Data.Ledger;
using FactorTrace.Units;

namespace FactorTrace.Server.Ledger;

/// <summary>An activity record as the API takes it.</summary>
internal sealed record ActivityBody
{
    public string? ActivityId { get; init; }
    public string? Description { get; init; }
    public double? Amount { get; init; }
    public string? Unit { get; init; }
    public DateOnly? Date { get; init; }
    public DateOnly? PeriodStart { get; init; }
    public DateOnly? PeriodEnd { get; init; }
    public string? Site { get; init; }
    public string? Region { get; init; }
    public string? Scope { get; init; }
    public string? Category { get; init; }
    public string? Supplier { get; init; }
    public double? Spend { get; init; }
    public string? Currency { get; init; }
    public InstrumentBody? Instrument { get; init; }
    public string? Notes { get; init; }
    public Guid? ImportId { get; init; }
}

/// <summary>A contractual instrument on an electricity record.</summary>
internal sealed record InstrumentBody(string? Type, string? Reference, double? KgCo2ePerKwh);

/// <summary>A field that is wrong, with a stable code.</summary>
internal sealed record FieldError(string Field, string Code, string Message, IReadOnlyList<string>? Suggestions = null);

/// <summary>
/// The rules a record must meet to be stored (docs/calculation.md, "Records"): an activity id or a description; an amount
/// with a known unit, or a spend with a known currency; a date, or a period whose end is not before its start; scope 1, 2
/// or 3; a Scope 3 category 1–15; finite amounts within ±1e15. Zero and negative amounts are valid.
/// </summary>
internal static class ActivityValidation
{
    private const double MaxMagnitude = 1e15;

    public static FieldError? Validate(ActivityBody body)
    {
        if (string.IsNullOrWhiteSpace(body.ActivityId) && string.IsNullOrWhiteSpace(body.Description))
        {
            return new("activity_id", "missing_field", "Give an activity_id or a description.");
        }

        if (Length(body) is { } tooLong)
        {
            return tooLong;
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

        if (body.Category is { } category && NormalizeCategory(category) is null)
        {
            return new("category", "invalid_value", $"Category '{category}' is not a GHG Protocol Scope 3 category (3.1 to 3.15).");
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

    /// <summary><c>3.6</c> for <c>3.6</c> or <c>6</c>; null when not a category 1–15.</summary>
    public static string? NormalizeCategory(string category)
    {
        var text = category.Trim();
        if (text.StartsWith("3.", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 15 ? $"3.{n}" : null;
    }

    public static void Apply(ActivityBody body, ActivityRecord record)
    {
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
        var lookup = UnitRegistry.Default.Lookup(text);
        if (lookup.Unit is not { } unit)
        {
            return lookup.IsAmbiguous
                ? new(field, "ambiguous_unit", $"'{text}' is ambiguous; say which one.", lookup.Choices)
                : new(field, "unknown_unit", $"Unknown unit '{text}'.", UnitRegistry.Default.Suggest(text));
        }

        return money && unit.Dimension != "money" ? new(field, "invalid_value", $"'{text}' is not a currency.") : null;
    }

    private static FieldError? Length(ActivityBody body)
    {
        foreach (var (field, value, max) in new (string, string?, int)[]
        {
            ("activity_id", body.ActivityId, 300), ("description", body.Description, 1000), ("site", body.Site, 200), ("region", body.Region, 64),
            ("supplier", body.Supplier, 300), ("notes", body.Notes, 4000), ("unit", body.Unit, 64), ("currency", body.Currency, 8),
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

/// <summary>A stored record as the API returns it.</summary>
internal sealed record ActivityView(
    Guid Id, string? ActivityId, string? Description, double? Amount, string? Unit, DateOnly? Date, DateOnly? PeriodStart, DateOnly? PeriodEnd,
    DateOnly AccountingDate, string? Site, string? Region, string? Scope, string? Category, string? Supplier, double? Spend, string? Currency,
    InstrumentBody? Instrument, string? Notes, Guid? ImportId, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static ActivityView From(ActivityRecord r) => new(
        r.Id, r.ActivityId, r.Description, r.Amount, r.Unit, r.Date, r.PeriodStart, r.PeriodEnd, r.AccountingDate, r.Site, r.Region, r.Scope, r.Category,
        r.Supplier, r.Spend, r.Currency, r.InstrumentType is null ? null : new InstrumentBody(r.InstrumentType, r.InstrumentReference, r.InstrumentKgCo2ePerKwh),
        r.Notes, r.ImportId, r.CreatedAt, r.UpdatedAt);
}
