using System.Globalization;
using ExcelDataReader;

namespace FactorTrace.Datasets.Ingestion.Grids;

/// <summary>Reads one worksheet of an XLSX/XLS workbook into a grid; numbers are written back in invariant round-trip form.</summary>
internal static class XlsxGridReader
{
    static XlsxGridReader()
    {
        // ExcelDataReader decodes legacy strings through code page 1252, which .NET only provides once registered.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
    }

    public static Grid Read(string fullPath, string relativeName, string sheet)
    {
        try
        {
            using var stream = File.OpenRead(fullPath);
            if (stream.Length == 0)
            {
                throw new IngestionException($"{relativeName} is empty.");
            }

            using var reader = ExcelReaderFactory.CreateReader(stream);
            var names = new List<string>();
            do
            {
                names.Add(reader.Name);
                if (!string.Equals(reader.Name, sheet, StringComparison.Ordinal))
                {
                    continue;
                }

                var rows = new List<GridRow>();
                var number = 0;
                while (reader.Read())
                {
                    number++;
                    var cells = new string?[reader.FieldCount];
                    for (var c = 0; c < cells.Length; c++)
                    {
                        cells[c] = Format(reader.GetValue(c));
                    }

                    rows.Add(new GridRow(number, cells));
                }

                return new Grid(relativeName, sheet, rows);
            }
            while (reader.NextResult());

            throw new IngestionException($"{relativeName} has no sheet '{sheet}' (sheets: {string.Join(", ", names)}).");
        }
        catch (Exception ex) when (ex is not IngestionException and not OperationCanceledException)
        {
            throw new IngestionException($"{relativeName} cannot be read as a workbook: {ex.Message}", ex);
        }
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
