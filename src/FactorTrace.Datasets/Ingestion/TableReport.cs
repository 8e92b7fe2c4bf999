namespace FactorTrace.Datasets.Ingestion;

/// <summary>What one table of one file gave.</summary>
public sealed class TableReport
{
    /// <summary>Table name from the mapping.</summary>
    public required string Table { get; init; }

    /// <summary>File (and sheet) read.</summary>
    public required string Source { get; init; }

    /// <summary>Kind of table (factors, gwp, …).</summary>
    public required string Kind { get; init; }

    /// <summary>Data rows read.</summary>
    public int RowsRead { get; set; }

    /// <summary>Items ingested (factors, GWP values, fuels, rate days).</summary>
    public int Ingested { get; set; }

    /// <summary>Values that were blank or a missing marker (not zero, not an error).</summary>
    public int NoValue { get; set; }

    /// <summary>Rows that are not emission factors (e.g. DESNZ kWh conversion rows).</summary>
    public int Skipped { get; set; }

    /// <summary>Rejected rows with the reason.</summary>
    public List<RejectedRow> Rejected { get; } = [];
}

/// <summary>A row refused by ingestion.</summary>
/// <param name="Where">File, sheet and row.</param>
/// <param name="Reason">Why.</param>
public sealed record RejectedRow(string Where, string Reason);
