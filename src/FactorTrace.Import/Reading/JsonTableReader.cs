using System.Globalization;
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
        var parser = new Parser(stream, options, null);
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
        var parser = new Parser(stream, options, layout.JsonRecords);
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

    private static string Shown(string key) => FactorTrace.Text.TextSafety.Neutralize(key.Length > 80 ? key[..80] + "…" : key);

    /// <summary>Walks the records of a JSON or JSON Lines stream one at a time.</summary>
    private sealed class Parser(Stream stream, ImportOptions options, string? recordsProperty)
    {
        private readonly Tokens _tokens = new(stream, options);
        private readonly string? _expectedProperty = recordsProperty;
        private int _shape; // 0 unknown, 1 top-level array, 2 array inside an object, 3 lines
        private bool _done;
        private long _recordChars;

        /// <summary>Records read completely.</summary>
        public long Completed { get; private set; }

        /// <summary>Whether the file ended inside a value.</summary>
        public bool Truncated => _tokens.Truncated;

        /// <summary>Whether the records are JSON Lines (top-level objects).</summary>
        public bool Lines => _shape == 3;

        /// <summary>The property of the top-level object that holds the records, when there is one.</summary>
        public string? RecordsProperty { get; private set; }

        /// <summary>The current record's keys and values (the flag marks numbers).</summary>
        public List<(string Key, string Value, bool Number)> Record { get; } = [];

        public bool Next()
        {
            Record.Clear();
            _recordChars = 0;
            if (_done)
            {
                return false;
            }

            try
            {
                return _shape switch
                {
                    0 => First(),
                    1 or 2 => InArray(),
                    _ => NextLine(),
                };
            }
            catch (JsonException ex)
            {
                throw Corrupt(ex.Message);
            }
        }

        private bool First()
        {
            if (!_tokens.Read())
            {
                _done = true;
                return false;
            }

            if (_tokens.Type == JsonTokenType.StartArray)
            {
                _shape = 1;
                return InArray();
            }

            if (_tokens.Type != JsonTokenType.StartObject)
            {
                throw Corrupt("The file starts with neither '[' nor '{'.");
            }

            // An object: either the first of JSON Lines, or an object holding the array of records.
            string? pendingList = null;
            while (true)
            {
                Expect(_tokens.Read());
                if (_tokens.Type == JsonTokenType.EndObject)
                {
                    break;
                }

                var name = _tokens.Text!;
                Expect(_tokens.Read());
                if (_tokens.Type == JsonTokenType.StartArray && (_expectedProperty is null || _expectedProperty == name))
                {
                    Expect(_tokens.Read());
                    if (_tokens.Type is JsonTokenType.StartObject or JsonTokenType.EndArray)
                    {
                        // {"data": [ {…}, … ]}: the records are this array's; what came before is the object's metadata.
                        _shape = 2;
                        RecordsProperty = name;
                        Record.Clear();
                        _recordChars = 0;
                        if (_tokens.Type == JsonTokenType.EndArray)
                        {
                            return AfterArray();
                        }

                        ReadObject("", 1);
                        Completed++;
                        return true;
                    }

                    // A list of values: metadata if the records follow in a later list, else a record with a list.
                    pendingList ??= name;
                    SkipRest(_tokens.Type is JsonTokenType.StartArray or JsonTokenType.StartObject ? 2 : 1);
                    continue;
                }

                if (_tokens.Type == JsonTokenType.StartArray)
                {
                    pendingList ??= name;
                    SkipRest(1);
                    continue;
                }

                Value(name, 1);
            }

            if (pendingList is not null)
            {
                throw Unsupported($"holds a list in '{Shown(pendingList)}'; lists are not read: give each value its own key");
            }

            // A whole object: the first record of JSON Lines, which must end its line.
            if (_expectedProperty is not null)
            {
                throw Corrupt($"The file no longer holds its records in '{Shown(_expectedProperty)}'.");
            }

            if (_tokens.RestOfLineHasText())
            {
                throw Corrupt("Text follows the first record on its line; JSON Lines hold one object per line.");
            }

            _shape = 3;
            Completed++;
            return true;
        }

        private bool InArray()
        {
            Expect(_tokens.Read());
            if (_tokens.Type == JsonTokenType.EndArray)
            {
                return AfterArray();
            }

            if (_tokens.Type != JsonTokenType.StartObject)
            {
                throw Unsupported("is not an object");
            }

            ReadObject("", _shape == 1 ? 1 : 2);
            Completed++;
            return true;
        }

        private bool AfterArray()
        {
            _done = true;
            if (_shape == 2)
            {
                // The rest of the wrapping object: metadata is skipped; a second list of records is not guessed at.
                while (true)
                {
                    Expect(_tokens.Read());
                    if (_tokens.Type == JsonTokenType.EndObject)
                    {
                        break;
                    }

                    var name = _tokens.Text!;
                    Expect(_tokens.Read());
                    if (_tokens.Type == JsonTokenType.StartArray)
                    {
                        throw new ImportException("unsupported_structure",
                            $"The top-level object holds a second list, '{Shown(name)}', after '{Shown(RecordsProperty ?? "")}': only one list of records is read.");
                    }

                    Skip();
                }
            }

            if (_tokens.Read())
            {
                throw Corrupt("Text follows the end of the JSON document.");
            }

            return false;
        }

        private bool NextLine()
        {
            if (!_tokens.Read())
            {
                _done = true;
                return false;
            }

            if (_tokens.Type != JsonTokenType.StartObject)
            {
                throw Unsupported("is not an object");
            }

            ReadObject("", 1);
            Completed++;
            return true;
        }

        /// <summary>The members of an object whose start was read, flattened under <paramref name="prefix"/>.</summary>
        private void ReadObject(string prefix, int level)
        {
            while (true)
            {
                Expect(_tokens.Read());
                if (_tokens.Type == JsonTokenType.EndObject)
                {
                    return;
                }

                var key = prefix + _tokens.Text;
                Expect(_tokens.Read());
                Value(key, level);
            }
        }

        /// <summary>The value just read, for <paramref name="key"/>.</summary>
        private void Value(string key, int level)
        {
            if (key.Length > MaxKeyChars)
            {
                throw Unsupported($"has a key longer than {MaxKeyChars:N0} characters");
            }

            switch (_tokens.Type)
            {
                case JsonTokenType.StartObject:
                    if (level >= MaxNesting)
                    {
                        throw Unsupported($"nests objects more than {MaxNesting} levels deep (at '{Shown(key)}')");
                    }

                    ReadObject(key + ".", level + 1);
                    return;
                case JsonTokenType.StartArray:
                    throw Unsupported($"holds a list in '{Shown(key)}'; lists are not read: give each value its own key");
                case JsonTokenType.String:
                    Add(key, _tokens.Text!, false);
                    return;
                case JsonTokenType.Number:
                    Add(key, Invariant(_tokens.Text!), true);
                    return;
                case JsonTokenType.True:
                    Add(key, "TRUE", false);
                    return;
                case JsonTokenType.False:
                    Add(key, "FALSE", false);
                    return;
                default:
                    Add(key, "", false);
                    return;
            }
        }

        private void Add(string key, string value, bool number)
        {
            foreach (var existing in Record)
            {
                if (existing.Key == key)
                {
                    throw Corrupt($"The key '{Shown(key)}' appears twice.");
                }
            }

            _recordChars += value.Length + key.Length;
            if (_recordChars > options.MaxFieldChars + XlsxGuard.RowSlack)
            {
                throw new ImportException("field_too_large",
                    $"Record {Completed + 1} (line {_tokens.Line}) holds more than {options.MaxFieldChars + XlsxGuard.RowSlack:N0} characters; a value may hold at most {options.MaxFieldChars:N0} (FactorTrace:Imports:MaxFieldChars).");
            }

            Record.Add((key, value, number));
        }

        /// <summary>Skips the value just read (metadata of the wrapping object).</summary>
        private void Skip()
        {
            if (_tokens.Type is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                SkipRest(1);
            }
        }

        /// <summary>Reads on until <paramref name="depth"/> open containers are closed.</summary>
        private void SkipRest(int depth)
        {
            while (depth > 0)
            {
                Expect(_tokens.Read());
                depth += _tokens.Type is JsonTokenType.StartObject or JsonTokenType.StartArray ? 1
                    : _tokens.Type is JsonTokenType.EndObject or JsonTokenType.EndArray ? -1 : 0;
            }
        }

        /// <summary>A read that must find a token: the end of the file here is a truncated file.</summary>
        private void Expect(bool read)
        {
            if (!read)
            {
                throw Corrupt("The file ends inside it: it is truncated.");
            }
        }

        private ImportException Corrupt(string message)
        {
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            var text = cut >= 0 ? message[..cut] : message;
            return new ImportException("file_corrupt", $"Record {Completed + 1} (line {_tokens.ErrorLine}) is not valid JSON: {text}");
        }

        private ImportException Unsupported(string what) =>
            new("unsupported_structure", $"Record {Completed + 1} (line {_tokens.Line}) {what}.");
    }

    /// <summary>Invariant text of a JSON number: decimal when it fits ("1e3" → "1000"), else round-trip double.</summary>
    private static string Invariant(string number) =>
        decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString(CultureInfo.InvariantCulture)
        : double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture)
        : number;

    /// <summary>
    /// Tokens of a UTF-8 stream: a buffer that grows up to the longest token the limits allow (a value of
    /// <see cref="ImportOptions.MaxFieldChars"/> characters takes at most three bytes each), so memory stays bounded.
    /// </summary>
    private sealed class Tokens(Stream stream, ImportOptions options)
    {
        private readonly long _maxBuffer = (3L * options.MaxFieldChars) + XlsxGuard.RowSlack;
        private byte[] _buffer = new byte[1 << 16];
        private int _start;
        private int _end;
        private bool _eof;
        private int _depth;
        private JsonReaderState _state = new(new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 256 });

        /// <summary>1-based line at the reader's position.</summary>
        private long _line = 1;

        public JsonTokenType Type { get; private set; }

        /// <summary>The text of a string, property name or number.</summary>
        public string? Text { get; private set; }

        /// <summary>Line of the last token.</summary>
        public long Line { get; private set; } = 1;

        /// <summary>Line of a syntax error, set when one is thrown.</summary>
        public long ErrorLine { get; private set; } = 1;

        public bool Truncated { get; private set; }

        public bool Read()
        {
            while (true)
            {
                var span = _buffer.AsSpan(_start, _end - _start);
                var reader = new Utf8JsonReader(span, isFinalBlock: false, _state);
                bool ok;
                try
                {
                    ok = reader.Read();
                }
                catch (JsonException ex)
                {
                    // The reader's state carries its line count from the start of the stream (0-based).
                    ErrorLine = (ex.LineNumber ?? (_line - 1)) + 1;
                    throw;
                }

                if (ok)
                {
                    Type = reader.TokenType;
                    Line = _line + span[..(int)reader.TokenStartIndex].Count((byte)'\n');
                    ErrorLine = Line;
                    Text = Type switch
                    {
                        JsonTokenType.String or JsonTokenType.PropertyName => String(ref reader),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                    _depth += Type is JsonTokenType.StartObject or JsonTokenType.StartArray ? 1 : Type is JsonTokenType.EndObject or JsonTokenType.EndArray ? -1 : 0;
                }

                var consumed = (int)reader.BytesConsumed;
                _line += span[..consumed].Count((byte)'\n');
                _start += consumed;
                _state = reader.CurrentState;
                if (ok)
                {
                    return true;
                }

                if (_eof)
                {
                    ErrorLine = _line;
                    if (_depth != 0 || !IsBlank(_buffer.AsSpan(_start, _end - _start)))
                    {
                        Truncated = true;
                        throw new JsonException("The file ends inside it: it is truncated.");
                    }

                    return false;
                }

                Fill();
            }
        }

        /// <summary>Whether anything but white space follows on the current line (reading on as needed).</summary>
        public bool RestOfLineHasText()
        {
            while (true)
            {
                for (var i = _start; i < _end; i++)
                {
                    var b = _buffer[i];
                    if (b == (byte)'\n')
                    {
                        return false;
                    }

                    if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                    {
                        return true;
                    }
                }

                if (_eof)
                {
                    return false;
                }

                // Only white space so far (no new line): it can be dropped.
                _start = _end;
                Fill();
            }
        }

        private string String(ref Utf8JsonReader reader)
        {
            // Unescaped text is measured before it is built; escaped text only shrinks, so its length is checked once built.
            if (!reader.ValueIsEscaped && reader.ValueSpan.Length > options.MaxFieldChars && Encoding.UTF8.GetCharCount(reader.ValueSpan) > options.MaxFieldChars)
            {
                throw TooLarge();
            }

            string text;
            try
            {
                text = reader.GetString() ?? "";
            }
            catch (InvalidOperationException ex)
            {
                // A lone surrogate escape ("\ud800") or bytes that are not UTF-8: not text, and never stored.
                throw new JsonException($"A string is not valid text ({ex.Message})", ex);
            }

            return text.Length > options.MaxFieldChars ? throw TooLarge() : text;
        }

        private ImportException TooLarge() =>
            new("field_too_large", $"Line {Line} has a value longer than {options.MaxFieldChars:N0} characters (FactorTrace:Imports:MaxFieldChars).");

        private static bool IsBlank(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyExcept(" \t\r\n"u8) < 0;

        private void Fill()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                if (_buffer.Length >= _maxBuffer)
                {
                    throw new ImportException("field_too_large",
                        $"Line {_line} holds a value of more than {_maxBuffer:N0} bytes; a value may hold at most {options.MaxFieldChars:N0} characters (FactorTrace:Imports:MaxFieldChars).");
                }

                Array.Resize(ref _buffer, (int)Math.Min(_maxBuffer, (long)_buffer.Length * 2));
            }

            var n = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _eof = true;
            }

            _end += n;
        }
    }
}
