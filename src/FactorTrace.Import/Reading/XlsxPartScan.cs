using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace FactorTrace.Import.Reading;

/// <summary>What a part of the workbook is, which decides what its pass looks at.</summary>
internal enum XlsxPartKind
{
    Workbook,
    Relationships,
    SharedStrings,
    Sheet,
    Other,
}

/// <summary>The state of the pass over one workbook.</summary>
internal sealed class XlsxPartScan(ImportOptions options)
{
    private const string RelationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private readonly char[] _buffer = new char[16 * 1024];
    private readonly List<string> _sheetIds = [];
    private readonly Dictionary<string, List<string>> _targets = new(StringComparer.Ordinal);
    private readonly List<int> _sharedLengths = [];
    private long _sharedChars;
    private int _longestShared;

    /// <summary>Every target of every sheet's relationship id (when an id repeats, ExcelDataReader takes the last).</summary>
    public IEnumerable<string> SheetTargets() => _sheetIds.SelectMany(id => _targets.GetValueOrDefault(id) ?? []);

    public void Part(ZipArchiveEntry entry, XlsxPartKind kind)
    {
        using var reader = XmlReader.Create(new MarkupLimitStream(entry.Open(), options.MaxFieldChars, entry.FullName), XlsxGuard.Settings);
        var limit = options.MaxFieldChars;
        var rowLimit = (long)options.MaxFieldChars + XlsxGuard.RowSlack;
        var maxRow = options.MaxRows + XlsxGuard.HeaderRowsAllowance;
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
                        if (kind == XlsxPartKind.Sheet && name == "sheetData")
                        {
                            inSheetData = !empty;
                        }
                        else if (kind == XlsxPartKind.Sheet && inSheetData && name == "row")
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
                        else if (kind == XlsxPartKind.Sheet && inRow && name == "c")
                        {
                            if (++cellsInRow > XlsxGuard.MaxColumns)
                            {
                                throw TableReader.Corrupt(new InvalidDataException($"Row {row:N0} has more than {XlsxGuard.MaxColumns:N0} cells, the most a sheet has columns."));
                            }

                            inCell = !empty;
                            cellChars = 0;
                            cellShared = reader.GetAttribute("t") == "s";
                            value.Clear();
                        }
                        else if (kind == XlsxPartKind.Sheet && inCell && name == "v")
                        {
                            inValue = !empty;
                        }
                        else if ((kind == XlsxPartKind.SharedStrings && name == "si") || (inCell && name == "is"))
                        {
                            inItem = !empty;
                            itemChars = 0;
                            itemRuns = 0;
                            if (kind == XlsxPartKind.SharedStrings && empty)
                            {
                                AddShared(0);
                            }
                        }
                        else if (kind == XlsxPartKind.Workbook && name == "sheet")
                        {
                            _sheetIds.Add(reader.GetAttribute("id", RelationshipsNamespace) ?? "");
                        }
                        else if (kind == XlsxPartKind.Relationships && name == "Relationship" && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Target") is { } target)
                        {
                            if (!_targets.TryGetValue(id, out var targets))
                            {
                                _targets[id] = targets = [];
                            }

                            targets.Add(target);
                        }
                        else if (!inRow && !inItem && ++others > XlsxGuard.MaxOtherElements)
                        {
                            throw new ImportException("zip_bomb",
                                $"The spreadsheet part {entry.FullName} has more than {XlsxGuard.MaxOtherElements:N0} elements outside its cells; it is refused as a zip bomb.");
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
                        else if (name == "si" && kind == XlsxPartKind.SharedStrings && inItem)
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
        _sharedChars += chars + XlsxGuard.StringOverhead;
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
                $"Row {row:N0} holds more than {limit:N0} characters; a cell may hold at most {limit - XlsxGuard.RowSlack:N0} (FactorTrace:Imports:MaxFieldChars).");
        }
    }

    private static ImportException TooLong(ZipArchiveEntry entry, XlsxPartKind kind, long row, int sharedString, int limit) => new("field_too_large", kind switch
    {
        XlsxPartKind.Sheet when row > 0 => $"Row {row:N0} has a cell longer than {limit:N0} characters (FactorTrace:Imports:MaxFieldChars).",
        XlsxPartKind.SharedStrings => $"Shared string {sharedString:N0} is longer than {limit:N0} characters (FactorTrace:Imports:MaxFieldChars).",
        _ => $"The spreadsheet part {entry.FullName} holds a text longer than {limit:N0} characters (FactorTrace:Imports:MaxFieldChars).",
    });
}
