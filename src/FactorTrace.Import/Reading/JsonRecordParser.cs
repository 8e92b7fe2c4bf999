using System.Globalization;
using System.Text.Json;

namespace FactorTrace.Import.Reading;

/// <summary>Walks the records of a JSON or JSON Lines stream one at a time.</summary>
internal sealed class JsonRecordParser(Stream stream, ImportOptions options, string? recordsProperty)
{
    private readonly JsonTokens _tokens = new(stream, options);
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
            throw Unsupported($"holds a list in '{JsonTableReader.Shown(pendingList)}'; lists are not read: give each value its own key");
        }

        // A whole object: the first record of JSON Lines, which must end its line.
        if (_expectedProperty is not null)
        {
            throw Corrupt($"The file no longer holds its records in '{JsonTableReader.Shown(_expectedProperty)}'.");
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
                        $"The top-level object holds a second list, '{JsonTableReader.Shown(name)}', after '{JsonTableReader.Shown(RecordsProperty ?? "")}': only one list of records is read.");
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
        if (key.Length > JsonTableReader.MaxKeyChars)
        {
            throw Unsupported($"has a key longer than {JsonTableReader.MaxKeyChars:N0} characters");
        }

        switch (_tokens.Type)
        {
            case JsonTokenType.StartObject:
                if (level >= JsonTableReader.MaxNesting)
                {
                    throw Unsupported($"nests objects more than {JsonTableReader.MaxNesting} levels deep (at '{JsonTableReader.Shown(key)}')");
                }

                ReadObject(key + ".", level + 1);
                return;
            case JsonTokenType.StartArray:
                throw Unsupported($"holds a list in '{JsonTableReader.Shown(key)}'; lists are not read: give each value its own key");
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
                throw Corrupt($"The key '{JsonTableReader.Shown(key)}' appears twice.");
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

    /// <summary>Invariant text of a JSON number: decimal when it fits ("1e3" → "1000"), else round-trip double.</summary>
    private static string Invariant(string number) =>
        decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString(CultureInfo.InvariantCulture)
        : double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture)
        : number;
}
