using System.Text.RegularExpressions;
using FactorTrace.Datasets.Ingestion.Grids;

namespace FactorTrace.Datasets.Ingestion;

/// <summary>A located table header: column names, group labels above it, and where it is.</summary>
internal sealed partial class TableHeader
{
    public TableHeader(Grid grid, int rowIndex, string?[] names, string?[] groups, string tableName)
    {
        Grid = grid;
        RowIndex = rowIndex;
        Names = names.Select(n => n is null ? null : NormalizeText(n)).ToArray();
        Groups = groups;
        TableName = tableName;
    }

    public Grid Grid { get; }

    public int RowIndex { get; }

    public string?[] Names { get; }

    public string?[] Groups { get; }

    public string TableName { get; }

    /// <summary>Resolves <c>@E</c> (column letter), <c>#3</c> (0-based index) or a header name (a trailing <c>*</c> matches a prefix).</summary>
    public int Resolve(string reference)
    {
        if (TryResolve(reference, out var index))
        {
            return index;
        }

        throw new IngestionException(
            $"{Grid.Describe(Grid.Rows[RowIndex].Number)}: table '{TableName}' has no column '{reference}'. " +
            $"Header: {string.Join(" | ", Names.Where(n => n is not null))}.");
    }

    public bool TryResolve(string reference, out int index)
    {
        if (reference.StartsWith('@'))
        {
            index = ColumnLetters(reference[1..]);
            return true;
        }

        var wanted = NormalizeText(reference);
        var prefix = wanted.EndsWith('*');
        if (prefix)
        {
            wanted = wanted[..^1].TrimEnd();
        }

        for (var i = 0; i < Names.Length; i++)
        {
            var name = Names[i];
            if (name is not null && (prefix
                    ? name.StartsWith(wanted, StringComparison.OrdinalIgnoreCase)
                    : string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase)))
            {
                index = i;
                return true;
            }
        }

        index = -1;
        return false;
    }

    public static int ColumnLetters(string letters)
    {
        // A to XFD, as in a spreadsheet: more letters overflowed into a negative index (found by fuzzing).
        if (letters.Length is 0 or > 3)
        {
            throw new IngestionException($"'{letters}' is not a column letter (A to XFD).");
        }

        var index = 0;
        foreach (var c in letters.ToUpperInvariant())
        {
            if (c is < 'A' or > 'Z')
            {
                throw new IngestionException($"'{letters}' is not a column letter.");
            }

            index = (index * 26) + (c - 'A' + 1);
        }

        return index <= 16384 ? index - 1 : throw new IngestionException($"'{letters}' is not a column letter (A to XFD).");
    }

    public static string NormalizeText(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
