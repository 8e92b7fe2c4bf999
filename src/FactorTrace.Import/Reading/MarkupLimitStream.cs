namespace FactorTrace.Import.Reading;

/// <summary>
/// Passes a part's bytes to the XML reader and refuses markup (a tag with its attributes, a comment, a CDATA section,
/// a processing instruction) longer than the limit: the reader holds each of those whole. Text between tags is left to
/// the reader, which streams it. Bytes bound characters from above, so a limit in characters holds.
/// </summary>
internal sealed class MarkupLimitStream(Stream inner, long limit, string part) : Stream
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
