using System.Text;
using System.Text.Json;

namespace FactorTrace.Import.Reading;

/// <summary>
/// Tokens of a UTF-8 stream: a buffer that grows up to the longest token the limits allow (a value of
/// <see cref="ImportOptions.MaxFieldChars"/> characters takes at most three bytes each), so memory stays bounded.
/// </summary>
internal sealed class JsonTokens(Stream stream, ImportOptions options)
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
