namespace FactorTrace.Import.Mapping;

/// <summary>
/// Which column feeds which record field, how each column's numbers and dates are read, and values that apply to every
/// row. The same shape is a tenant's saved template (matched to a new file's columns by header).
/// </summary>
public sealed record ImportMapping
{
    /// <summary>1-based row number of the header; null when the file has none.</summary>
    public long? HeaderRow { get; init; }

    /// <summary>One entry per column of the file.</summary>
    public IReadOnlyList<ColumnMapping> Columns { get; init; } = [];

    /// <summary>Values for fields no column gives (for example a region or currency for the whole file).</summary>
    public IReadOnlyDictionary<string, string> Defaults { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Value maps per field, applied before normalization: for example <c>unit: {"Tons": "t"}</c>,
    /// <c>activity: {"Diesel for generators": "fuel.diesel"}</c>, <c>category: {"Travel": "3.6"}</c>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Values { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Open questions, one per column (or file), recomputed on every validation; see <see cref="ImportDecision"/>.</summary>
    public IReadOnlyList<ImportDecision> Decisions { get; init; } = [];

    /// <summary>The column mapped to <paramref name="field"/>, or null.</summary>
    public ColumnMapping? For(string field) => Columns.FirstOrDefault(c => c.Field == field);

    /// <summary>A cell's text after the field's value map (<see cref="Values"/>), or the text itself.</summary>
    internal string MapValue(string field, string raw) =>
        Values.TryGetValue(field, out var map) && map.TryGetValue(raw.Trim(), out var replaced) ? replaced : raw;

    /// <summary>The default of <paramref name="field"/> (<see cref="Defaults"/>), or null when it has none.</summary>
    internal string? DefaultFor(string field) => Defaults.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>Below this confidence a column's field was guessed, not recognised: the user confirms it before a commit.</summary>
    public const double ConfirmBelow = 0.5;

    /// <summary>Columns whose field nobody chose (not the user, a template or the tenant's history) and whose guess is weak.</summary>
    public IReadOnlyList<ColumnMapping> Unconfirmed() =>
        [.. Columns.Where(c => c.Field is not null && c.Confidence < ConfirmBelow && c.Method is not ("user" or "template" or "history"))];
}

/// <summary>A column and the field it feeds.</summary>
/// <param name="Index">0-based column position.</param>
/// <param name="Header">Header text (or "Column N").</param>
/// <param name="Field">Field it feeds, or null when ignored.</param>
/// <param name="Method">How the field was chosen: exact, fuzzy, history, content, template, user, or none.</param>
/// <param name="Confidence">0–1.</param>
/// <param name="NumberFormat">eu or us for numeric fields (detected, or set by the user).</param>
/// <param name="DateOrder">dmy or mdy for date fields.</param>
/// <param name="Unit">Unit of every value of an amount column: taken from the header ("kWh" in "Consumption (kWh)"), or set by the user.</param>
/// <param name="Currency">Currency of every value of a spend column: taken from the header ("EUR" in "Cost (EUR)"), or set by the user.</param>
public sealed record ColumnMapping(
    int Index, string Header, string? Field, string Method, double Confidence, string? NumberFormat = null, string? DateOrder = null, string? Unit = null, string? Currency = null);

/// <summary>
/// A question about a whole column (or the whole file) that the importer will not answer by guessing: an ambiguous unit
/// (<c>gal</c>: US or imperial; <c>therms</c>: US or UK), an ambiguous day/month order, a description that matches no
/// activity well enough, a file that never says what the activity is. One answer applies to every row. With a default
/// (from the file's own country; day first for dates otherwise) the rows are read with it and the decision is a warning
/// to confirm; without one, the rows it concerns wait for the answer.
/// </summary>
/// <param name="Column">The column's header, or null for the whole file.</param>
/// <param name="Field">The field the answer sets.</param>
/// <param name="Kind">unit, date_order or activity.</param>
/// <param name="Value">What the file says (<c>gal</c>, <c>Erdgas</c>); null for a date order or the file's activity.</param>
/// <param name="Choices">Accepted answers (<c>gal_us</c>, <c>gal_imp</c>; <c>dmy</c>, <c>mdy</c>).</param>
/// <param name="Default">The answer used until the user gives one, or null.</param>
/// <param name="Reason">Why the question is asked, and where the default comes from.</param>
/// <param name="Answer">How to answer through <c>PUT /imports/{id}/mapping</c>.</param>
/// <param name="Rows">Rows the answer applies to.</param>
public sealed record ImportDecision(string? Column, string Field, string Kind, string? Value, IReadOnlyList<string> Choices, string? Default, string Reason, string Answer, long Rows);
