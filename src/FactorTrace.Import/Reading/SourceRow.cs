namespace FactorTrace.Import.Reading;

/// <summary>
/// One row of the file as read: its 1-based row number (as a spreadsheet shows it) and its cells as text. Cells that
/// came typed from a spreadsheet (numbers, dates) are marked in <see cref="TypedMask"/> and are in invariant form.
/// </summary>
public readonly record struct SourceRow(long Number, string[] Cells, ulong TypedMask)
{
    /// <summary>The cell at <paramref name="index"/>, or empty when the row is shorter.</summary>
    public string Cell(int index) => index < Cells.Length ? Cells[index] : "";

    /// <summary>Whether the cell came typed (a spreadsheet number or date), so its text is invariant.</summary>
    public bool IsTyped(int index) => index < 64 && (TypedMask & (1UL << index)) != 0;

    /// <summary>True when every cell is empty or white space.</summary>
    public bool IsBlank
    {
        get
        {
            foreach (var cell in Cells)
            {
                if (!string.IsNullOrWhiteSpace(cell))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
