namespace FactorTrace.Datasets.Ingestion.Grids;

/// <summary>A sheet or a text file as rows of cell texts (null = empty), with 1-based row numbers.</summary>
/// <param name="File">File name relative to the dataset folder.</param>
/// <param name="Sheet">Sheet name for workbooks.</param>
/// <param name="Rows">The non-skipped rows in order.</param>
internal sealed record Grid(string File, string? Sheet, IReadOnlyList<GridRow> Rows)
{
    public string Describe(int row) => Sheet is null ? $"{File} line {row}" : $"{File}, sheet '{Sheet}', row {row}";
}

/// <summary>One row: its 1-based number in the file or sheet and its cells.</summary>
internal sealed record GridRow(int Number, string?[] Cells)
{
    public string? this[int column] => column < Cells.Length ? Cells[column] : null;

    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}
