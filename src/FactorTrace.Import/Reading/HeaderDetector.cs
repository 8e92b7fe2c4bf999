using FactorTrace.Import.Normalization;

namespace FactorTrace.Import.Reading;

/// <summary>
/// Finds the header among the first rows: title rows, notes and blank lines often sit above it. The header is the
/// first row that is as wide as the data below it and whose cells are mostly distinct text, not numbers or dates.
/// </summary>
public static class HeaderDetector
{
    /// <summary>Index into <paramref name="rows"/> of the header, or -1 when the file has none.</summary>
    public static int Find(IReadOnlyList<SourceRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return -1;
        }

        var widths = rows.Select(NonEmpty).ToArray();
        var limit = Math.Min(rows.Count, 30);
        for (var i = 0; i < limit; i++)
        {
            var width = widths[i];
            if (width == 0)
            {
                continue;
            }

            var below = widths.Skip(i + 1).Where(w => w > 0).ToArray();
            var dataWidth = below.Length == 0 ? width : below.GroupBy(w => w).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
            if (width < Math.Max(1, Math.Ceiling(dataWidth * 0.6)) || (dataWidth >= 2 && width < 2))
            {
                continue;
            }

            var cells = rows[i].Cells.Where(c => !string.IsNullOrWhiteSpace(c)).ToArray();
            var textual = cells.Count(c => IsText(c));
            var distinct = cells.Select(c => c.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count();
            if (textual >= Math.Ceiling(cells.Length * 0.6) && distinct == cells.Length)
            {
                // A header row is followed by data; a file of only text rows keeps its first row as header.
                return i;
            }

            // The first wide row is data (numbers or dates): the file has no header.
            if (i == 0 || below.Length > 0)
            {
                return -1;
            }
        }

        return -1;
    }

    private static int NonEmpty(SourceRow row) => row.Cells.Count(c => !string.IsNullOrWhiteSpace(c));

    private static bool IsText(string cell) =>
        NumberFormat.Classify(cell) == NumberFormat.Vote.NotANumber && DateFormat.Classify(cell, typed: false) == DateFormat.Vote.NotADate;
}
