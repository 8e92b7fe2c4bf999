using System.Globalization;
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

    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CloseInput = true };

    /// <summary>Checks the XLSX in <paramref name="stream"/> (rewound afterwards); throws <see cref="ImportException"/>.</summary>
    public static void Check(Stream stream, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            Sizes(zip, options);
            var scan = new Scan(options);
            foreach (var entry in Entries(zip, "xl/workbook.xml"))
            {
                scan.Part(entry, PartKind.Workbook);
            }

            foreach (var entry in Entries(zip, "xl/_rels/workbook.xml.rels"))
            {
                scan.Part(entry, PartKind.Relationships);
            }

            foreach (var entry in Entries(zip, "xl/styles.xml"))
            {
                scan.Part(entry, PartKind.Other);
            }

            foreach (var entry in Entries(zip, "xl/sharedStrings.xml"))
            {
                scan.Part(entry, PartKind.SharedStrings);
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
                    scan.Part(entry, PartKind.Sheet);
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

    private enum PartKind
    {
        Workbook,
        Relationships,
        SharedStrings,
        Sheet,
        Other,
    }

    /// <summary>The state of the pass over one workbook.</summary>
    private sealed class Scan(ImportOptions options)
    {
        private readonly char[] _buffer = new char[16 * 1024];
        private readonly List<string> _sheetIds = [];
        private readonly Dictionary<string, List<string>> _targets = new(StringComparer.Ordinal);
        private readonly List<int> _sharedLengths = [];
        private long _sharedChars;
        private int _longestShared;

        /// <summary>Every target of every sheet's relationship id (when an id repeats, ExcelDataReader takes the last).</summary>
        public IEnumerable<string> SheetTargets() => _sheetIds.SelectMany(id => _targets.GetValueOrDefault(id) ?? []);

        public void Part(ZipArchiveEntry entry, PartKind kind)
        {
            using var reader = XmlReader.Create(new MarkupLimitStream(entry.Open(), options.MaxFieldChars, entry.FullName), Settings);
            var limit = options.MaxFieldChars;
            var rowLimit = (long)options.MaxFieldChars + RowSlack;
            var maxRow = options.MaxRows + HeaderRowsAllowance;
            long copies = 0, others = 0, rowElements = 0;
            // The string item (<si>, or <is> in a cell) being read: its characters and its runs.
            var inItem = false;
            long itemChars = 0;
            var itemRuns = 0;
            // The sheet's row and cell being read, as ExcelDataReader numbers them.
            var inSheetData = false;
            var inRow = false;
            var inCell = false;
            long row = 0, nextRow = 0, rowChars = 0, cellChars = 0;
            var cellsInRow = 0;
            var cellShared = false;
            var inValue = false;
            var value = new System.Text.StringBuilder();
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        {
                            var name = reader.LocalName;
                            var empty = reader.IsEmptyElement;
                            if (kind == PartKind.Sheet && name == "sheetData")
                            {
                                inSheetData = !empty;
                            }
                            else if (kind == PartKind.Sheet && inSheetData && name == "row")
                            {
                                var number = int.TryParse(reader.GetAttribute("r"), out var r) ? r : nextRow + 1;
                                if (number > maxRow || ++rowElements > maxRow)
                                {
                                    throw new ImportException("too_many_rows",
                                        $"The sheet reaches past row {maxRow:N0}: more than {options.MaxRows:N0} data rows (FactorTrace:Imports:MaxRows); it is refused before it is read.");
                                }

                                // ExcelDataReader merges consecutive <row> elements of the same number into one row.
                                if (number != row || rowElements == 1)
                                {
                                    rowChars = 0;
                                    cellsInRow = 0;
                                }

                                row = nextRow = number;
                                inRow = !empty;
                            }
                            else if (kind == PartKind.Sheet && inRow && name == "c")
                            {
                                if (++cellsInRow > MaxColumns)
                                {
                                    throw TableReader.Corrupt(new InvalidDataException($"Row {row:N0} has more than {MaxColumns:N0} cells, the most a sheet has columns."));
                                }

                                inCell = !empty;
                                cellChars = 0;
                                cellShared = reader.GetAttribute("t") == "s";
                                value.Clear();
                            }
                            else if (kind == PartKind.Sheet && inCell && name == "v")
                            {
                                inValue = !empty;
                            }
                            else if ((kind == PartKind.SharedStrings && name == "si") || (inCell && name == "is"))
                            {
                                inItem = !empty;
                                itemChars = 0;
                                itemRuns = 0;
                                if (kind == PartKind.SharedStrings && empty)
                                {
                                    AddShared(0);
                                }
                            }
                            else if (kind == PartKind.Workbook && name == "sheet")
                            {
                                _sheetIds.Add(reader.GetAttribute("id", Relationships) ?? "");
                            }
                            else if (kind == PartKind.Relationships && name == "Relationship" && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Target") is { } target)
                            {
                                if (!_targets.TryGetValue(id, out var targets))
                                {
                                    _targets[id] = targets = [];
                                }

                                targets.Add(target);
                            }
                            else if (!inRow && !inItem && ++others > MaxOtherElements)
                            {
                                throw new ImportException("zip_bomb",
                                    $"The spreadsheet part {entry.FullName} has more than {MaxOtherElements:N0} elements outside its cells; it is refused as a zip bomb.");
                            }

                            break;
                        }

                    case XmlNodeType.EndElement:
                        {
                            var name = reader.LocalName;
                            if (name == "t" && inItem)
                            {
                                // ExcelDataReader joins the runs of a string with +=: every run after the first copies what came before.
                                if (++itemRuns > 1 && (copies += itemChars) > options.MaxFileBytes)
                                {
                                    throw new ImportException("zip_bomb",
                                        $"The text of {entry.FullName} is split into so many rich-text runs that joining them would copy more than {options.MaxFileBytes:N0} characters; it is refused as a zip bomb.");
                                }
                            }
                            else if (name == "si" && kind == PartKind.SharedStrings && inItem)
                            {
                                inItem = false;
                                AddShared(itemChars);
                            }
                            else if (name == "is" && inItem)
                            {
                                inItem = false;
                            }
                            else if (name == "v" && inValue)
                            {
                                inValue = false;
                            }
                            else if (name == "c" && inCell)
                            {
                                inCell = false;
                                if (cellShared)
                                {
                                    // A shared string's characters count towards its row (ExcelDataReader may copy it for each cell).
                                    var index = value.Length <= 64 && int.TryParse(value.ToString(), NumberStyles.Any, CultureInfo.InvariantCulture, out var i) ? i : -1;
                                    rowChars += index >= 0 && index < _sharedLengths.Count ? _sharedLengths[index] : index < 0 && value.Length > 64 ? _longestShared : 0;
                                    Row(rowChars, rowLimit, row);
                                }
                            }
                            else if (name == "row" && inRow)
                            {
                                inRow = false;
                            }
                            else if (name == "sheetData")
                            {
                                inSheetData = false;
                            }

                            break;
                        }

                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        {
                            long chars = 0;
                            int read;
                            while ((read = reader.ReadValueChunk(_buffer, 0, _buffer.Length)) > 0)
                            {
                                chars += read;
                                if (inValue && value.Length <= 64)
                                {
                                    value.Append(_buffer, 0, Math.Min(read, 65));
                                }

                                if (chars > limit || (inCell && cellChars + chars > limit) || (inItem && itemChars + chars > limit))
                                {
                                    throw TooLong(entry, kind, row, _sharedLengths.Count + 1, limit);
                                }
                            }

                            if (inItem)
                            {
                                itemChars += chars;
                            }

                            if (inCell)
                            {
                                cellChars += chars;
                                rowChars += chars;
                                Row(rowChars, rowLimit, row);
                            }

                            break;
                        }

                    default:
                        break;
                }
            }
        }

        private void AddShared(long chars)
        {
            _sharedLengths.Add((int)chars);
            _longestShared = Math.Max(_longestShared, (int)chars);
            _sharedChars += chars + StringOverhead;
            if (_sharedChars > options.MaxFileBytes)
            {
                throw new ImportException("zip_bomb",
                    $"The spreadsheet's shared strings hold more than {options.MaxFileBytes:N0} characters, more than the largest file accepted (FactorTrace:Imports:MaxFileBytes) could; it is refused as a zip bomb.");
            }
        }

        private static void Row(long chars, long limit, long row)
        {
            if (chars > limit)
            {
                throw new ImportException("field_too_large",
                    $"Row {row:N0} holds more than {limit:N0} characters; a cell may hold at most {limit - RowSlack:N0} (FactorTrace:Imports:MaxFieldChars).");
            }
        }

        private static ImportException TooLong(ZipArchiveEntry entry, PartKind kind, long row, int sharedString, int limit) => new("field_too_large", kind switch
        {
            PartKind.Sheet when row > 0 => $"Row {row:N0} has a cell longer than {limit:N0} characters (FactorTrace:Imports:MaxFieldChars).",
            PartKind.SharedStrings => $"Shared string {sharedString:N0} is longer than {limit:N0} characters (FactorTrace:Imports:MaxFieldChars).",
            _ => $"The spreadsheet part {entry.FullName} holds a text longer than {limit:N0} characters (FactorTrace:Imports:MaxFieldChars).",
        });
    }

    /// <summary>
    /// Passes a part's bytes to the XML reader and refuses markup (a tag with its attributes, a comment, a CDATA section,
    /// a processing instruction) longer than the limit: the reader holds each of those whole. Text between tags is left to
    /// the reader, which streams it. Bytes bound characters from above, so a limit in characters holds.
    /// </summary>
    private sealed class MarkupLimitStream(Stream inner, long limit, string part) : Stream
    {
        private State _state;
        private long _length;
        private byte _last1;
        private byte _last2;

        private enum State
        {
            Text,
            Open,
            Tag,
            DoubleQuoted,
            SingleQuoted,
            Bang,
            BangDash,
            Comment,
            CData,
            Instruction,
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            Watch(buffer[..read]);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Watch(ReadOnlySpan<byte> bytes)
        {
            var i = 0;
            while (i < bytes.Length)
            {
                if (_state == State.Text)
                {
                    var next = bytes[i..].IndexOf((byte)'<');
                    if (next < 0)
                    {
                        return;
                    }

                    i += next + 1;
                    _state = State.Open;
                    _length = 1;
                    continue;
                }

                if (_state == State.Tag)
                {
                    // Jump to the next byte that changes the state.
                    var next = bytes[i..].IndexOfAny((byte)'>', (byte)'"', (byte)'\'');
                    var skipped = next < 0 ? bytes.Length - i : next;
                    Count(skipped);
                    i += skipped;
                    if (next < 0)
                    {
                        return;
                    }
                }

                var b = bytes[i++];
                Count(1);
                _state = (_state, b) switch
                {
                    (State.Open, (byte)'!') => State.Bang,
                    (State.Open, (byte)'?') => State.Instruction,
                    (State.Open or State.Tag or State.Bang or State.BangDash, (byte)'>') => State.Text,
                    (State.Open or State.Tag or State.Bang or State.BangDash, (byte)'"') => State.DoubleQuoted,
                    (State.Open or State.Tag or State.Bang or State.BangDash, (byte)'\'') => State.SingleQuoted,
                    (State.Bang, (byte)'-') => State.BangDash,
                    (State.Bang, (byte)'[') => State.CData,
                    (State.BangDash, (byte)'-') => State.Comment,
                    (State.Open or State.Bang or State.BangDash, _) => State.Tag,
                    (State.DoubleQuoted, (byte)'"') or (State.SingleQuoted, (byte)'\'') => State.Tag,
                    (State.Comment, (byte)'>') when _last1 == '-' && _last2 == '-' => State.Text,
                    (State.CData, (byte)'>') when _last1 == ']' && _last2 == ']' => State.Text,
                    (State.Instruction, (byte)'>') when _last1 == '?' => State.Text,
                    _ => _state,
                };
                _last2 = _last1;
                _last1 = b;
            }
        }

        private void Count(long bytes)
        {
            _length += bytes;
            if (_length > limit)
            {
                throw new ImportException("field_too_large",
                    $"The spreadsheet part {part} has a tag, attribute or comment longer than {limit:N0} bytes (FactorTrace:Imports:MaxFieldChars).");
            }
        }
    }
}
