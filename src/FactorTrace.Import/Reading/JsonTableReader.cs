using System.Text;
using System.Text.Json;

namespace FactorTrace.Import.Reading;

/// <summary>
/// Reads JSON (an array of records, or an object holding one array of records, such as <c>{"data":[…]}</c>) and JSON
/// Lines (one record per line) as rows, streaming with <see cref="Utf8JsonReader"/> over a bounded buffer: the document
/// is never held. Columns are the union of the records' keys in first-seen order, collected by a pass over the whole
/// file when it is detected, so a key that first appears in the last record is a column too. A nested object is
/// flattened with dotted keys (<c>{"fuel":{"type":"diesel"}}</c> → <c>fuel.type</c>) up to <see cref="MaxNesting"/>
/// levels; a list inside a record is refused (<c>unsupported_structure</c>). Numbers are typed cells in invariant
/// form; strings go through the per-column normalization; <c>true</c>/<c>false</c> are TRUE/FALSE, <c>null</c> is empty.
/// </summary>
public static class JsonTableReader
{
    /// <summary>Deepest nesting of objects inside a record that is flattened; deeper is <c>unsupported_structure</c>.</summary>
    public const int MaxNesting = 8;

    /// <summary>Most distinct keys (columns) over all records.</summary>
    public const int MaxColumns = 16_384;

    /// <summary>Longest key, dotted path included, in characters.</summary>
    public const int MaxKeyChars = 1_024;

    /// <summary>
    /// Whether the text file is JSON or JSON Lines, and if so its layout with the columns of every record: the text
    /// must start (after white space) with <c>[</c> or <c>{</c> and its first record must be valid JSON (a file that
    /// ends inside the first record is JSON, and truncated); anything else is left to the CSV reader, so a CSV whose
    /// first header cell starts with a bracket stays CSV. Errors after that are the file's: <c>file_corrupt</c> naming
    /// the record and line, or a limit.
    /// </summary>
    internal static FileLayout? Probe(string path, Encoding encoding, bool bom, ImportOptions options)
    {
        using var stream = OpenUtf8(path, encoding, bom);
        var parser = new JsonRecordParser(stream, options, null);
        var keys = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            while (parser.Next())
            {
                if (parser.Completed > options.MaxRows)
                {
                    throw new ImportException("too_many_rows", $"The file has more than {options.MaxRows:N0} records (FactorTrace:Imports:MaxRows).");
                }

                foreach (var (key, _, _) in parser.Record)
                {
                    if (index.TryAdd(key, keys.Count))
                    {
                        keys.Add(key);
                        if (keys.Count > MaxColumns)
                        {
                            throw new ImportException("unsupported_structure", $"The records hold more than {MaxColumns:N0} distinct keys.");
                        }
                    }
                }
            }
        }
        catch (ImportException ex) when (ex.Code == "file_corrupt" && parser.Completed == 0 && !parser.Truncated)
        {
            // Not valid JSON from its first record: a text file that happens to start with a bracket.
            return null;
        }

        if (parser.Completed == 0)
        {
            throw new ImportException("empty_file", "The JSON file holds no records.");
        }

        return new FileLayout
        {
            Format = parser.Lines ? "jsonl" : "json",
            Encoding = encoding.WebName,
            Bom = bom,
            JsonRecords = parser.RecordsProperty,
            JsonKeys = keys,
        };
    }

    /// <summary>The records as rows numbered from 1, their cells in the order of <see cref="FileLayout.JsonKeys"/>.</summary>
    internal static IEnumerable<SourceRow> Read(string path, FileLayout layout, ImportOptions options)
    {
        var keys = layout.JsonKeys ?? [];
        var index = new Dictionary<string, int>(keys.Count, StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            index.TryAdd(keys[i], i);
        }

        using var stream = OpenUtf8(path, TableReader.EncodingOf(layout), layout.Bom);
        var parser = new JsonRecordParser(stream, options, layout.JsonRecords);
        while (parser.Next())
        {
            var cells = new string[keys.Count];
            ulong typed = 0;
            foreach (var (key, value, number) in parser.Record)
            {
                if (!index.TryGetValue(key, out var i))
                {
                    throw new ImportException("file_corrupt", $"Record {parser.Completed} has the key '{Shown(key)}', which the file did not have when it was uploaded.");
                }

                cells[i] = value;
                if (number && i < 64)
                {
                    typed |= 1UL << i;
                }
            }

            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] ??= "";
            }

            yield return new SourceRow(parser.Completed, cells, typed);
        }
    }

    /// <summary>The file as UTF-8 bytes after its byte-order mark (transcoded when it is UTF-16 or Windows-1252).</summary>
    private static Stream OpenUtf8(string path, Encoding encoding, bool bom)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (bom)
        {
            file.Position = encoding is UTF8Encoding ? 3 : 2;
        }

        return encoding is UTF8Encoding ? file : Encoding.CreateTranscodingStream(file, encoding, new UTF8Encoding(false), leaveOpen: false);
    }

    internal static string Shown(string key) => FactorTrace.Text.TextSafety.Neutralize(key.Length > 80 ? key[..80] + "…" : key);
}
