namespace FactorTrace.Import.Storage;

/// <summary>An edit of an import's mapping: columns to (re)map, defaults, value maps, and optionally a template to save it as.</summary>
public sealed record MappingChange
{
    /// <summary>A different header row (1-based); the headers are read again.</summary>
    public long? HeaderRow { get; init; }

    /// <summary>Columns to change, by header text or 0-based index.</summary>
    public IReadOnlyList<ColumnChange>? Columns { get; init; }

    /// <summary>Values for fields no column gives; replaces the current defaults when given.</summary>
    public IReadOnlyDictionary<string, string>? Defaults { get; init; }

    /// <summary>Value maps per field; replaces the current maps when given.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Values { get; init; }

    /// <summary>Saves the resulting mapping as this tenant template.</summary>
    public string? SaveAsTemplate { get; init; }
}

/// <summary>One column's new field and formats.</summary>
/// <param name="Column">Header text or 0-based index.</param>
/// <param name="Field">Field, or null to ignore the column.</param>
/// <param name="NumberFormat">eu or us.</param>
/// <param name="DateOrder">dmy or mdy.</param>
/// <param name="Unit">Unit of every value of an amount column (the answer to its unit decision); ignored when a unit column gives one.</param>
/// <param name="Currency">Currency of every value of a spend column; ignored when a currency column gives one.</param>
public sealed record ColumnChange(string Column, string? Field, string? NumberFormat = null, string? DateOrder = null, string? Unit = null, string? Currency = null);
