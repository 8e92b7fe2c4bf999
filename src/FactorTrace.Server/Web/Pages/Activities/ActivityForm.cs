using System.Globalization;
using FactorTrace.Data.Ledger;
using FactorTrace.Text;

namespace FactorTrace.Server.Web.Pages.Activities;

/// <summary>
/// The activity form as typed: every field kept as text under its API name, so a refused form comes back exactly as it
/// was sent. Turned into the API's <see cref="ActivityBody"/>, whose rules (<see cref="ActivityValidation"/>) decide.
/// </summary>
internal sealed class ActivityForm
{
    /// <summary>The fields, by their API name (instrument fields flattened with an underscore).</summary>
    public static IReadOnlyList<string> Fields { get; } =
    [
        "activity_id", "description", "amount", "unit", "date", "period_start", "period_end", "site", "region", "scope", "category", "scope1_source",
        "supplier", "spend", "currency", "instrument_type", "instrument_reference", "instrument_kg_co2e_per_kwh", "notes", "import_id",
    ];

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string this[string field] => _values.TryGetValue(field, out var v) ? v : "";

    public static ActivityForm From(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var result = new ActivityForm();
        foreach (var field in Fields)
        {
            result._values[field] = form[field].ToString();
        }

        return result;
    }

    public static ActivityForm From(ActivityRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var result = new ActivityForm();
        void Set(string field, string? value) => result._values[field] = value ?? "";
        static string? Number(double? x) => x?.ToString("R", CultureInfo.InvariantCulture);
        static string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Set("activity_id", r.ActivityId);
        Set("description", r.Description);
        Set("amount", Number(r.Amount));
        Set("unit", r.Unit);
        Set("date", Day(r.Date));
        Set("period_start", Day(r.PeriodStart));
        Set("period_end", Day(r.PeriodEnd));
        Set("site", r.Site);
        Set("region", r.Region);
        Set("scope", r.Scope);
        Set("category", r.Category);
        Set("scope1_source", r.Scope1Source);
        Set("supplier", r.Supplier);
        Set("spend", Number(r.Spend));
        Set("currency", r.Currency);
        Set("instrument_type", r.InstrumentType);
        Set("instrument_reference", r.InstrumentReference);
        Set("instrument_kg_co2e_per_kwh", Number(r.InstrumentKgCo2ePerKwh));
        Set("notes", r.Notes);
        Set("import_id", r.ImportId?.ToString());
        return result;
    }

    /// <summary>
    /// The body the API would receive, or the field that cannot be read as its type. Numbers are read as everywhere
    /// typed numbers are (<see cref="InvariantNumber"/>): <c>12,5</c> is refused with the reading meant.
    /// </summary>
    public ActivityBody? ToBody(out FieldError? error)
    {
        error = null;
        string? Text(string field) => string.IsNullOrWhiteSpace(this[field]) ? null : this[field];
        double? Number(string field, ref FieldError? problem)
        {
            if (problem is not null || Text(field) is not { } text)
            {
                return null;
            }

            if (InvariantNumber.TryParse(text, out var value, out var why))
            {
                return value;
            }

            problem = new FieldError(field, "invalid_value", char.ToUpperInvariant(why![0]) + why[1..]);
            return null;
        }

        DateOnly? Day(string field, ref FieldError? problem)
        {
            if (problem is not null || Text(field) is not { } text)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }

            problem = new FieldError(field, "invalid_value", $"'{text}' is not a date; write it as yyyy-mm-dd, for example 2024-03-31.");
            return null;
        }

        var amount = Number("amount", ref error);
        var spend = Number("spend", ref error);
        var rate = Number("instrument_kg_co2e_per_kwh", ref error);
        var date = Day("date", ref error);
        var start = Day("period_start", ref error);
        var end = Day("period_end", ref error);
        Guid? importId = null;
        if (error is null && Text("import_id") is { } importText)
        {
            if (Guid.TryParse(importText, out var id))
            {
                importId = id;
            }
            else
            {
                error = new FieldError("import_id", "invalid_value", $"'{importText}' is not an import id.");
            }
        }

        if (error is not null)
        {
            return null;
        }

        var instrument = Text("instrument_type") is null && Text("instrument_reference") is null && rate is null
            ? null
            : new InstrumentBody(Text("instrument_type"), Text("instrument_reference"), rate);
        return new ActivityBody
        {
            ActivityId = Text("activity_id"),
            Description = Text("description"),
            Amount = amount,
            Unit = Text("unit"),
            Date = date,
            PeriodStart = start,
            PeriodEnd = end,
            Site = Text("site"),
            Region = Text("region"),
            Scope = Text("scope"),
            Category = Text("category"),
            Scope1Source = Text("scope1_source"),
            Supplier = Text("supplier"),
            Spend = spend,
            Currency = Text("currency"),
            Instrument = instrument,
            Notes = Text("notes"),
            ImportId = importId,
        };
    }

    /// <summary>The form field an error of the API names (<c>instrument.type</c> is the field <c>instrument_type</c>).</summary>
    public static string FieldOf(FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Field.Replace('.', '_');
    }
}
