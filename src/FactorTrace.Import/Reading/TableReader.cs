using System.Text;
using ExcelDataReader;
using Sylvan.Data.Csv;

namespace FactorTrace.Import.Reading;

/// <summary>
/// Streams the rows of an uploaded file, whatever its format: CSV and TSV through Sylvan.Data.Csv (quotes, embedded
/// new lines, ragged rows), XLSX and XLS through ExcelDataReader (the largest sheet), JSON and JSON Lines through
/// <see cref="JsonTableReader"/>. Memory stays bounded by the longest
/// row, which the limits bound while reading: Sylvan's buffer for text, <see cref="XlsxGuard"/> before an XLSX is opened.
/// </summary>
public static class TableReader
{
    private const int SniffChars = 64 * 1024;

    static TableReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Detects how <paramref name="path"/> is read: container, encoding, delimiter, quote (header row comes later).</summary>
    public static FileLayout Detect(string path, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var stream = File.OpenRead(path);
        if (stream.Length == 0)
        {
            throw new ImportException("empty_file", "The file is empty.");
        }

        if (stream.Length > options.MaxFileBytes)
        {
            throw ImportException.FileTooLarge(options.MaxFileBytes, stream.Length);
        }

        var head = new byte[8];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        var container = FormatDetector.Container(head.AsSpan(0, read));
        if (container is "xlsx" or "xls")
        {
            if (container == "xlsx")
            {
                // Cell, row and size limits, checked before ExcelDataReader builds a single string.
                XlsxGuard.Check(stream, options);
            }

            var (sheet, name) = LargestSheet(stream, options);
            return new FileLayout { Format = container, Sheet = sheet, SheetName = name };
        }

        var (encoding, bom) = FormatDetector.DetectEncoding(stream);
        using var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var buffer = new char[SniffChars];
        var chars = text.ReadBlock(buffer, 0, buffer.Length);
        if (Array.IndexOf(buffer, '\0', 0, chars) >= 0)
        {
            throw new ImportException("unsupported_format", "The file is neither text (CSV, TSV) nor a spreadsheet (XLSX, XLS).");
        }

        // JSON and JSON Lines: a bracket first, and a first record that is valid JSON (else it is a CSV starting with one).
        var first = buffer.AsSpan(0, chars).IndexOfAnyExcept(" \t\r\n\uFEFF");
        if (first >= 0 && buffer[first] is '[' or '{' && JsonTableReader.Probe(path, encoding, bom, options) is { } json)
        {
            return json;
        }

        var (delimiter, quote) = FormatDetector.Sniff(new string(buffer, 0, chars));
        return new FileLayout
        {
            Format = delimiter == '\t' ? "tsv" : "csv",
            Encoding = encoding.WebName,
            Bom = bom,
            Delimiter = delimiter,
            Quote = quote,
        };
    }

    /// <summary>The file's rows in order; blank rows are returned too (callers skip them), so row numbers match the file.</summary>
    public static IEnumerable<SourceRow> Read(string path, FileLayout layout, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(options);
        return layout.Format switch
        {
            "xlsx" or "xls" => ReadSpreadsheet(path, layout.Sheet, options),
            "json" or "jsonl" => JsonTableReader.Read(path, layout, options),
            _ => ReadText(path, layout, options),
        };
    }

    /// <summary>The text encoding a layout names.</summary>
    internal static Encoding EncodingOf(FileLayout layout) => layout.Encoding switch
    {
        "utf-16" => new UnicodeEncoding(false, layout.Bom),
        "utf-16BE" or "unicodeFFFE" => new UnicodeEncoding(true, layout.Bom),
        "windows-1252" => Encoding.GetEncoding(1252),
        _ => new UTF8Encoding(layout.Bom),
    };

    private static IEnumerable<SourceRow> ReadText(string path, FileLayout layout, ImportOptions options)
    {
        var encoding = EncodingOf(layout);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, 1 << 16);
        var csvOptions = new CsvDataReaderOptions
        {
            HasHeaders = false,
            Delimiter = layout.Delimiter,
            Quote = layout.Quote,
            BufferSize = 1 << 16,
            // The buffer holds a whole row: it bounds what one row can cost while it is read; a cell is checked once read.
            MaxBufferSize = options.MaxFieldChars + XlsxGuard.RowSlack,
            ResultSetMode = ResultSetMode.SingleResult,
        };
        using var csv = CsvDataReader.Create(text, csvOptions);
        long number = 0;
        while (true)
        {
            bool more;
            try
            {
                more = csv.Read();
            }
            catch (CsvRecordTooLargeException ex)
            {
                throw new ImportException("field_too_large",
                    $"Row {number + 1} holds more than {csvOptions.MaxBufferSize:N0} characters; a cell may hold at most {options.MaxFieldChars:N0} (FactorTrace:Imports:MaxFieldChars).", ex);
            }
            catch (CsvFormatException ex)
            {
                // An unclosed quote, or text after a closing quote: the file cannot be split into cells.
                throw new ImportException("file_corrupt", $"Row {number + 1} is not valid CSV: {ex.Message}", ex);
            }

            if (!more)
            {
                yield break;
            }

            number++;
            var cells = new string[csv.RowFieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = csv.GetString(i);
                if (cells[i].Length > options.MaxFieldChars)
                {
                    throw new ImportException("field_too_large", $"Row {number} has a cell longer than {options.MaxFieldChars:N0} characters (FactorTrace:Imports:MaxFieldChars).");
                }
            }

            yield return new SourceRow(number, cells, 0);
        }
    }

    /// <summary>
    /// Workbooks often open with a cover or notes sheet: the data is taken from the sheet with the most cells. ExcelDataReader
    /// hands out every row up to the sheet's last, each as wide as its widest: a sheet that reaches past
    /// <see cref="ImportOptions.MaxRows"/> (plus the rows above a header), or whose grid holds more cells than
    /// <see cref="ImportOptions.MaxFileBytes"/> (a text file of that grid would be larger), is refused before a row is read.
    /// For XLS this is the only check before reading: BIFF8 bounds a cell to 65,535 characters by itself.
    /// </summary>
    private static (int Index, string? Name) LargestSheet(Stream stream, ImportOptions options)
    {
        (int Index, string? Name, long Rows, long Columns) best;
        try
        {
            using var reader = ExcelReaderFactory.CreateReader(stream, new ExcelReaderConfiguration { LeaveOpen = true });
            best = (0, reader.Name, -1, 0);
            var index = 0;
            do
            {
                if ((long)reader.RowCount * reader.FieldCount > best.Rows * best.Columns || best.Rows < 0)
                {
                    best = (index, reader.Name, reader.RowCount, reader.FieldCount);
                }

                index++;
            }
            while (reader.NextResult());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw Corrupt(ex);
        }
        finally
        {
            stream.Position = 0;
        }

        if (best.Rows > options.MaxRows + XlsxGuard.HeaderRowsAllowance)
        {
            throw new ImportException("too_many_rows",
                $"The sheet has {best.Rows:N0} rows: more than {options.MaxRows:N0} data rows (FactorTrace:Imports:MaxRows); it is refused before it is read.");
        }

        if (best.Rows * best.Columns > options.MaxFileBytes || best.Columns < 0)
        {
            throw new ImportException("too_many_rows",
                $"The sheet spans {best.Rows:N0} rows of {best.Columns:N0} columns, gaps included: more than the {options.MaxFileBytes:N0} cells a file may hold (FactorTrace:Imports:MaxFileBytes); it is refused before it is read.");
        }

        return (best.Index, best.Name);
    }

    private static IEnumerable<SourceRow> ReadSpreadsheet(string path, int sheet, ImportOptions options)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        IExcelDataReader reader;
        try
        {
            reader = ExcelReaderFactory.CreateReader(stream);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw Corrupt(ex);
        }

        using (reader)
        {
            for (var i = 0; i < sheet; i++)
            {
                reader.NextResult();
            }

            long number = 0;
            while (true)
            {
                bool more;
                try
                {
                    more = reader.Read();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    throw Corrupt(ex);
                }

                if (!more)
                {
                    yield break;
                }

                number++;
                var cells = new string[reader.FieldCount];
                ulong typed = 0;
                for (var i = 0; i < cells.Length; i++)
                {
                    var (text, isTyped) = CellText(reader.GetValue(i));
                    if (text.Length > options.MaxFieldChars)
                    {
                        throw new ImportException("field_too_large", $"Row {number} has a cell longer than {options.MaxFieldChars:N0} characters (FactorTrace:Imports:MaxFieldChars).");
                    }

                    cells[i] = text;
                    if (isTyped && i < 64)
                    {
                        typed |= 1UL << i;
                    }
                }

                yield return new SourceRow(number, cells, typed);
            }
        }
    }

    private static (string Text, bool Typed) CellText(object? value) => value switch
    {
        null => ("", false),
        string s => (s, false),
        double d => (d.ToString("R", System.Globalization.CultureInfo.InvariantCulture), true),
        DateTime t => (t.TimeOfDay == TimeSpan.Zero
            ? t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), true),
        bool b => (b ? "TRUE" : "FALSE", false),
        IFormattable f => (f.ToString(null, System.Globalization.CultureInfo.InvariantCulture), true),
        _ => (value.ToString() ?? "", false),
    };

    /// <summary>The error for a spreadsheet that cannot be read.</summary>
    internal static ImportException Corrupt(Exception ex) =>
        new("file_corrupt", $"The spreadsheet cannot be read; it may be truncated or damaged ({ex.GetType().Name}: {ex.Message}).", ex);
}
