namespace FactorTrace.Import.Reading;

/// <summary>How a file is read: its format and, for text, the encoding, delimiter and quote that were detected.</summary>
public sealed record FileLayout
{
    /// <summary>csv, tsv, xlsx, xls, json (an array of records) or jsonl (JSON Lines).</summary>
    public string Format { get; init; } = "csv";

    /// <summary>Encoding web name (utf-8, utf-16LE, utf-16BE, windows-1252); null for spreadsheets.</summary>
    public string? Encoding { get; init; }

    /// <summary>Whether the text started with a byte-order mark.</summary>
    public bool Bom { get; init; }

    /// <summary>Field delimiter of text files.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Quote character of text files.</summary>
    public char Quote { get; init; } = '"';

    /// <summary>Worksheet read (0-based) of a spreadsheet: the one with the most cells, unless set.</summary>
    public int Sheet { get; init; }

    /// <summary>Its name.</summary>
    public string? SheetName { get; init; }

    /// <summary>1-based row number of the header, or null when the file has none.</summary>
    public long? HeaderRow { get; init; }

    /// <summary>JSON: the property of the top-level object that holds the array of records (<c>data</c> in <c>{"data":[…]}</c>), null when the file is the array.</summary>
    public string? JsonRecords { get; init; }

    /// <summary>JSON and JSON Lines: the records' keys (nested ones dotted) in first-seen order over the whole file; the columns.</summary>
    public IReadOnlyList<string>? JsonKeys { get; init; }

    /// <summary>Column headers (generated as "Column N" when there is no header row).</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];
}
