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

    /// <summary>The column mapped to <paramref name="field"/>, or null.</summary>
    public ColumnMapping? For(string field) => Columns.FirstOrDefault(c => c.Field == field);

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
/// <param name="Unit">Unit taken from the header, such as "kWh" in "Consumption (kWh)".</param>
public sealed record ColumnMapping(int Index, string Header, string? Field, string Method, double Confidence, string? NumberFormat = null, string? DateOrder = null, string? Unit = null);
