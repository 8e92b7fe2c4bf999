using System.IO.Compression;
using System.Xml;

namespace FactorTrace.Import.Reading;

/// <summary>
/// The limits of an XLSX, checked by streaming its parts before ExcelDataReader sees the file. ExcelDataReader builds
/// every cell's string, and holds the whole shared-strings table, before a caller can look at a length: one cell of
/// 200 million characters costs gigabytes there. This pass reads the same parts (workbook, its relationships, styles,
/// shared strings, every sheet) with an <see cref="XmlReader"/> whose text is read in chunks, never whole, and refuses:
/// <list type="bullet">
/// <item>a text, a cell or a shared string longer than <see cref="ImportOptions.MaxFieldChars"/>, and a row holding more
/// than that plus 64 Ki characters (what a CSV row may hold) → <c>field_too_large</c>;</item>
/// <item>a tag (element with its attributes), comment or CDATA section longer than that many bytes (the XML reader
/// holds those whole) → <c>field_too_large</c>;</item>
/// <item>a sheet reaching past row <see cref="ImportOptions.MaxRows"/> + <see cref="HeaderRowsAllowance"/> (rows are
/// counted by their number, gaps included: the reader produces every row up to the last) → <c>too_many_rows</c>;</item>
/// <item>a row with more than <see cref="MaxColumns"/> cells → <c>file_corrupt</c>;</item>
/// <item>what would make ExcelDataReader hold or copy far more than the file is: shared strings beyond
/// <see cref="ImportOptions.MaxFileBytes"/> characters (each string counting at least <see cref="StringOverhead"/>),
/// text split into so many rich-text runs that joining them copies more than that, more than
/// <see cref="MaxOtherElements"/> elements outside the cells of one part, and the zip itself unzipping past
/// <see cref="ImportOptions.MaxUnzippedBytes"/> or at more than 200:1 → <c>zip_bomb</c>.</item>
/// </list>
/// </summary>
internal static class XlsxGuard
{
    /// <summary>Excel's widest sheet (column XFD).</summary>
    public const int MaxColumns = 16_384;

    /// <summary>Rows above the data (titles, the header) not held against MaxRows: the header is looked for in the first 40 rows.</summary>
    public const int HeaderRowsAllowance = 40;

    /// <summary>What a row may hold beyond its longest cell, as a CSV row may (the CSV reader's buffer).</summary>
    public const int RowSlack = 64 * 1024;

    /// <summary>What one shared string costs in memory beyond its characters, counted in characters.</summary>
    public const int StringOverhead = 16;

    /// <summary>Elements outside the cells of one part (styles, merged ranges, column widths…): each becomes an object.</summary>
    public const int MaxOtherElements = 1_000_000;

    internal static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CloseInput = true };

    /// <summary>Checks the XLSX in <paramref name="stream"/> (rewound afterwards); throws <see cref="ImportException"/>.</summary>
    public static void Check(Stream stream, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            Sizes(zip, options);
            var scan = new XlsxPartScan(options);
            foreach (var entry in Entries(zip, "xl/workbook.xml"))
            {
                scan.Part(entry, XlsxPartKind.Workbook);
            }

            foreach (var entry in Entries(zip, "xl/_rels/workbook.xml.rels"))
            {
                scan.Part(entry, XlsxPartKind.Relationships);
            }

            foreach (var entry in Entries(zip, "xl/styles.xml"))
            {
                scan.Part(entry, XlsxPartKind.Other);
            }

            foreach (var entry in Entries(zip, "xl/sharedStrings.xml"))
            {
                scan.Part(entry, XlsxPartKind.SharedStrings);
            }

            // Where ExcelDataReader looks for each sheet: the workbook's relationship target, under xl/ unless it starts with /xl/.
            // It parses a sheet each time a workbook lists it: sheets listed many times count as often.
            var sheets = scan.SheetTargets().Select(t => t.StartsWith("/xl/", StringComparison.OrdinalIgnoreCase) ? t[1..] : "xl/" + t).ToList();
            var sheetBytes = sheets.Sum(name => Entries(zip, name).Sum(e => e.Length));
            if (sheetBytes > options.MaxUnzippedBytes)
            {
                throw new ImportException("zip_bomb",
                    $"The workbook lists its sheets {sheets.Count:N0} times, {sheetBytes:N0} bytes to unzip; it is refused as a zip bomb (limit {options.MaxUnzippedBytes:N0} bytes).");
            }

            foreach (var name in sheets.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                foreach (var entry in Entries(zip, name))
                {
                    scan.Part(entry, XlsxPartKind.Sheet);
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw TableReader.Corrupt(ex);
        }
        catch (XmlException ex)
        {
            throw TableReader.Corrupt(ex);
        }
        finally
        {
            stream.Position = 0;
        }
    }

    /// <summary>Refuses an XLSX whose parts would unzip beyond the limit or at a ratio no spreadsheet has (a zip bomb).</summary>
    private static void Sizes(ZipArchive zip, ImportOptions options)
    {
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

    /// <summary>The entries ExcelDataReader may open for <paramref name="name"/> (it compares names ignoring case, with either slash).</summary>
    private static IEnumerable<ZipArchiveEntry> Entries(ZipArchive zip, string name) =>
        zip.Entries.Where(e => e.FullName.Replace('\\', '/').Equals(name, StringComparison.OrdinalIgnoreCase));
}
