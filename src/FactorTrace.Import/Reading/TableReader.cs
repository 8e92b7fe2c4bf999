using System.IO.Compression;
using System.Text;
using ExcelDataReader;
using Sylvan.Data.Csv;

namespace FactorTrace.Import.Reading;

/// <summary>
/// Streams the rows of an uploaded file, whatever its format: CSV and TSV through Sylvan.Data.Csv (quotes, embedded
/// new lines, ragged rows), XLSX and XLS through ExcelDataReader (first sheet). Memory stays bounded by the longest row.
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
                GuardZip(stream, options);
            }

            var (sheet, name) = LargestSheet(stream);
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
        return layout.Format is "xlsx" or "xls" ? ReadSpreadsheet(path, layout.Sheet, options) : ReadText(path, layout, options);
    }

    private static IEnumerable<SourceRow> ReadText(string path, FileLayout layout, ImportOptions options)
    {
        var encoding = layout.Encoding switch
        {
            "utf-16" => (Encoding)new UnicodeEncoding(false, layout.Bom),
            "utf-16BE" or "unicodeFFFE" => new UnicodeEncoding(true, layout.Bom),
            "windows-1252" => Encoding.GetEncoding(1252),
            _ => new UTF8Encoding(layout.Bom),
        };
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, 1 << 16);
        var csvOptions = new CsvDataReaderOptions
        {
            HasHeaders = false,
            Delimiter = layout.Delimiter,
            Quote = layout.Quote,
            BufferSize = 1 << 16,
            MaxBufferSize = Math.Max(1 << 16, options.MaxFieldChars + (1 << 16)),
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
                throw new ImportException("field_too_large", $"Row {number + 1} has a cell longer than {options.MaxFieldChars:N0} characters (FactorTrace:Imports:MaxFieldChars).", ex);
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
            }

            yield return new SourceRow(number, cells, 0);
        }
    }

    /// <summary>Workbooks often open with a cover or notes sheet: the data is taken from the sheet with the most cells.</summary>
    private static (int Index, string? Name) LargestSheet(Stream stream)
    {
        try
        {
            using var reader = ExcelReaderFactory.CreateReader(stream, new ExcelReaderConfiguration { LeaveOpen = true });
            var best = (Index: 0, Name: (string?)reader.Name, Cells: -1L);
            var index = 0;
            do
            {
                var cells = (long)reader.RowCount * reader.FieldCount;
                if (cells > best.Cells)
                {
                    best = (index, reader.Name, cells);
                }

                index++;
            }
            while (reader.NextResult());
            return (best.Index, best.Name);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw Corrupt(ex);
        }
        finally
        {
            stream.Position = 0;
        }
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
                        throw new ImportException("field_too_large", $"Row {number} has a cell longer than {options.MaxFieldChars:N0} characters.");
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

    private static ImportException Corrupt(Exception ex) =>
        new("file_corrupt", $"The spreadsheet cannot be read; it may be truncated or damaged ({ex.GetType().Name}: {ex.Message}).", ex);

    /// <summary>Refuses an XLSX whose parts would unzip beyond the limit or at a ratio no spreadsheet has (a zip bomb).</summary>
    private static void GuardZip(Stream stream, ImportOptions options)
    {
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                var ratio = entry.CompressedLength == 0 ? 0 : (double)entry.Length / entry.CompressedLength;
                if (total > options.MaxUnzippedBytes || (entry.Length > 16 * 1024 * 1024 && ratio > 200))
                {
                    throw new ImportException("zip_bomb",
                        $"The spreadsheet would unzip to {total:N0}+ bytes ({entry.FullName} at {ratio:N0}:1); it is refused as a zip bomb (limit {options.MaxUnzippedBytes:N0} bytes).");
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(ex);
        }
        finally
        {
            stream.Position = 0;
        }
    }
}
