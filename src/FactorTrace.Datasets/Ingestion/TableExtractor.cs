using System.Globalization;
using System.Text.RegularExpressions;
using FactorTrace.Datasets.Ingestion.Grids;
using FactorTrace.Datasets.Ingestion.Mapping;

namespace FactorTrace.Datasets.Ingestion;

/// <summary>Finds a table in a grid and turns its data rows into records (header detection, carry-down, unit and group rows).</summary>
internal static partial class TableExtractor
{
    /// <summary>The footnote option that cleans header names rather than a column.</summary>
    public const string HeaderFootnotes = "header";

    public static (TableHeader Header, List<TableRecord> Records) Extract(
        Grid grid, TableMapping table, IReadOnlyDictionary<string, string> vars)
    {
        var rows = grid.Rows;
        var start = 0;
        if (table.Anchor is { } anchor)
        {
            var column = TableHeader.ColumnLetters(anchor.Column.TrimStart('@'));
            start = IndexOf(rows, 0, r => string.Equals(r[column]?.Trim(), anchor.EqualTo, StringComparison.Ordinal));
            if (start < 0)
            {
                throw new IngestionException($"{Where(grid)}: table '{table.Name}' not found: no cell '{anchor.EqualTo}' in column {anchor.Column}.");
            }
        }

        var headerIndex = IndexOf(rows, start, r => IsHeader(r, table.Header.Contains));
        if (headerIndex < 0)
        {
            throw new IngestionException(
                $"{Where(grid)}: header of table '{table.Name}' not found (expected a row with: {string.Join(", ", table.Header.Contains)}).");
        }

        var headerRow = rows[headerIndex];
        var width = rows.Skip(headerIndex).Max(r => r.Cells.Length);
        var names = new string?[width];
        var cleanHeader = table.Footnotes.Contains(HeaderFootnotes, StringComparer.Ordinal);
        for (var c = 0; c < width; c++)
        {
            var name = headerRow[c];
            names[c] = name is not null && cleanHeader ? StripFootnote(TableHeader.NormalizeText(name)) : name;
        }

        var groups = GroupLabels(rows, headerIndex, table.Header.GroupRowsAbove, width);
        var header = new TableHeader(grid, headerIndex, names, groups, table.Name);

        var units = new string?[width];
        var index = headerIndex + 1;
        for (var u = 0; u < table.Header.UnitsRows && index < rows.Count; u++, index++)
        {
            SetUnits(units, rows[index]);
        }

        var carry = table.CarryDown.Select(header.Resolve).ToArray();
        var footnoteColumns = table.Footnotes.Where(f => f != HeaderFootnotes).Select(header.Resolve).ToHashSet();
        var groupColumn = table.GroupColumn is null ? -1 : header.Resolve(table.GroupColumn);
        var unitLabel = table.UnitRowLabel is null ? -1 : header.Resolve(table.UnitRowLabel);
        var endBlank = table.End?.Blank is { } b ? header.Resolve(b) : -1;
        var endColumn = table.End?.Column is { } e ? header.Resolve(e) : -1;

        var anchorColumn = table.Anchor is null ? -1 : TableHeader.ColumnLetters(table.Anchor.Column.TrimStart('@'));
        var records = new List<TableRecord>();
        var last = new string?[width];
        string? group = null;
        for (; index < rows.Count; index++)
        {
            var row = rows[index];
            if (endColumn >= 0 && row[endColumn] is { } endText &&
                table.End!.StartsWith.Any(p => endText.TrimStart().StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                break;
            }

            if (anchorColumn >= 0 && !string.IsNullOrWhiteSpace(row[anchorColumn]))
            {
                // The next title in the anchor column starts another table.
                break;
            }

            if (endBlank >= 0 && string.IsNullOrWhiteSpace(row[endBlank]))
            {
                break;
            }

            if (row.IsBlank)
            {
                continue;
            }

            if (IsHeader(row, table.Header.Contains))
            {
                // A repeated header (stacked tables on one sheet): its unit rows follow it.
                for (var u = 0; u < table.Header.UnitsRows && index + 1 < rows.Count; u++)
                {
                    SetUnits(units, rows[++index]);
                }

                continue;
            }

            if (unitLabel >= 0 && string.IsNullOrWhiteSpace(row[unitLabel]) && HasText(row))
            {
                SetUnits(units, row);
                continue;
            }

            if (groupColumn >= 0 && !string.IsNullOrWhiteSpace(row[groupColumn]) &&
                row.Cells.Select((v, i) => (v, i)).All(x => x.i == groupColumn || string.IsNullOrWhiteSpace(x.v)))
            {
                group = TableHeader.NormalizeText(row[groupColumn]!);
                continue;
            }

            var cells = new string?[width];
            for (var c = 0; c < width; c++)
            {
                var value = row[c]?.Trim();
                cells[c] = string.IsNullOrEmpty(value) ? null : value;
            }

            foreach (var c in carry)
            {
                if (cells[c] is null)
                {
                    cells[c] = last[c];
                }
                else if (cells[c]!.StartsWith('(') && last[c] is { } previous && !previous.EndsWith(')'))
                {
                    // A parenthetical line continuing the merged label above ("Gasoline Light-Duty Trucks" / "(Vans, Pickup Trucks, SUVs)").
                    cells[c] = last[c] = $"{previous} {cells[c]}";
                }
                else
                {
                    last[c] = cells[c];
                }
            }

            foreach (var c in footnoteColumns)
            {
                if (cells[c] is { } text)
                {
                    cells[c] = StripFootnote(text);
                }
            }

            var recordVars = group is null ? vars : new Dictionary<string, string>(vars) { ["group"] = group };
            records.Add(new TableRecord(row.Number, cells, (string?[])units.Clone(), recordVars));
        }

        return (header, records);
    }

    /// <summary>Removes a footnote letter glued to a name: <c>Passenger Car A</c>, <c>Medium- and Heavy-Duty TruckC</c>.</summary>
    public static string StripFootnote(string text) => Footnote().Replace(text, "").TrimEnd();

    private static bool IsHeader(GridRow row, List<string> contains) =>
        contains.Count > 0 && contains.All(wanted => row.Cells.Any(cell =>
            cell is not null && TableHeader.NormalizeText(cell).StartsWith(wanted, StringComparison.OrdinalIgnoreCase)));

    private static bool HasText(GridRow row) =>
        row.Cells.Any(c => !string.IsNullOrWhiteSpace(c) &&
                           !double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    private static void SetUnits(string?[] units, GridRow row)
    {
        for (var c = 0; c < units.Length; c++)
        {
            if (!string.IsNullOrWhiteSpace(row[c]))
            {
                units[c] = TableHeader.NormalizeText(row[c]!);
            }
        }
    }

    private static string?[] GroupLabels(IReadOnlyList<GridRow> rows, int headerIndex, int count, int width)
    {
        var groups = new string?[width];
        for (var r = Math.Max(0, headerIndex - count); r < headerIndex; r++)
        {
            string? current = null;
            for (var c = 0; c < width; c++)
            {
                current = rows[r][c] is { } label && !string.IsNullOrWhiteSpace(label) ? TableHeader.NormalizeText(label) : current;
                groups[c] = current;
            }
        }

        return groups;
    }

    private static int IndexOf(IReadOnlyList<GridRow> rows, int start, Func<GridRow, bool> predicate)
    {
        for (var i = start; i < rows.Count; i++)
        {
            if (predicate(rows[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Where(Grid grid) => grid.Sheet is null ? grid.File : $"{grid.File}, sheet '{grid.Sheet}'";

    [GeneratedRegex(@"(?<=[a-z\)])\s?[A-G]$")]
    private static partial Regex Footnote();
}
