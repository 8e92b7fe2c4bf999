using FactorTrace.Import.Reading;

namespace FactorTrace.Import.Processing;

/// <summary>Corrections of single cells made through the API, applied on top of the file every time it is read.</summary>
public sealed class CellPatches
{
    private readonly Dictionary<long, Dictionary<int, string>> _byRow = [];

    /// <summary>Number of patched cells.</summary>
    public int Count => _byRow.Values.Sum(r => r.Count);

    /// <summary>Sets a cell's text (replacing an earlier patch of it).</summary>
    public void Set(long row, int column, string value)
    {
        if (!_byRow.TryGetValue(row, out var cells))
        {
            _byRow[row] = cells = [];
        }

        cells[column] = value;
    }

    /// <summary>Every patch as (row, column, value).</summary>
    public IEnumerable<(long Row, int Column, string Value)> All() =>
        _byRow.OrderBy(r => r.Key).SelectMany(r => r.Value.OrderBy(c => c.Key).Select(c => (r.Key, c.Key, c.Value)));

    /// <summary>The row with its patched cells replaced.</summary>
    public SourceRow Apply(SourceRow row)
    {
        if (!_byRow.TryGetValue(row.Number, out var cells))
        {
            return row;
        }

        var width = Math.Max(row.Cells.Length, cells.Keys.Max() + 1);
        var copy = new string[width];
        for (var i = 0; i < width; i++)
        {
            copy[i] = i < row.Cells.Length ? row.Cells[i] : "";
        }

        var typed = row.TypedMask;
        foreach (var (column, value) in cells)
        {
            copy[column] = value;
            if (column < 64)
            {
                typed &= ~(1UL << column);
            }
        }

        return new SourceRow(row.Number, copy, typed);
    }
}
