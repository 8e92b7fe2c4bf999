namespace FactorTrace.Datasets.Ingestion;

/// <summary>One data row of a table after carry-down and clean-up, with the units and group in force for it.</summary>
internal sealed record TableRecord(int RowNumber, string?[] Cells, string?[] Units, IReadOnlyDictionary<string, string> Vars)
{
    public string? Cell(int column) => column < Cells.Length ? Cells[column] : null;

    public string? UnitOf(int column) => column < Units.Length ? Units[column] : null;
}
