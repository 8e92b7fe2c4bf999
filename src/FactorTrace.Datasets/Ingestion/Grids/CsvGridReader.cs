using System.Text;
using Sylvan.Data.Csv;

namespace FactorTrace.Datasets.Ingestion.Grids;

/// <summary>Reads CSV (UTF-8, with or without BOM, any line ending, quoted multi-line fields) into a grid.</summary>
internal static class CsvGridReader
{
    public static Grid Read(string fullPath, string relativeName, string? commentPrefix)
    {
        using var text = new StreamReader(fullPath, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var options = new CsvDataReaderOptions
        {
            HasHeaders = false,
            Delimiter = ',',
            BufferSize = 1 << 16,
            MaxBufferSize = 1 << 24,
        };
        using var csv = CsvDataReader.Create(text, options);
        var rows = new List<GridRow>();
        var line = 0;
        while (csv.Read())
        {
            line++;
            var cells = new string?[csv.RowFieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                var value = csv.GetString(i);
                cells[i] = value.Length == 0 ? null : value;
            }

            if (commentPrefix is not null && cells.Length > 0 && cells[0]?.StartsWith(commentPrefix, StringComparison.Ordinal) == true)
            {
                continue;
            }

            rows.Add(new GridRow(line, cells));
        }

        if (rows.Count == 0)
        {
            throw new IngestionException($"{relativeName} is empty.");
        }

        return new Grid(relativeName, null, rows);
    }
}
