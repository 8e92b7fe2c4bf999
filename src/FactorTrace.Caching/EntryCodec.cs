using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace FactorTrace.Caching;

/// <summary>
/// The stored form of an entry in L2 and L3: magic, flags, the three times, the key, the payload (Brotli-compressed on
/// disk) and an XxHash3 checksum of everything before it. A checksum or key mismatch reads as corrupt, never as a value.
/// </summary>
internal static class EntryCodec
{
    private const uint Magic = 0x31435446; // "FTC1"
    private const byte Compressed = 1;
    private const int HeaderSize = 4 + 1 + (3 * 8) + 4;

    public static byte[] Encode(string key, ReadOnlySpan<byte> payload, EntryTimes times, bool compress)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        byte[]? packed = null;
        var body = payload;
        if (compress)
        {
            packed = new byte[BrotliEncoder.GetMaxCompressedLength(payload.Length)];
            if (BrotliEncoder.TryCompress(payload, packed, out var written, quality: 1, window: 22))
            {
                body = packed.AsSpan(0, written);
            }
            else
            {
                compress = false;
            }
        }

        var buffer = new byte[HeaderSize + keyBytes.Length + 4 + body.Length + 8];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        span[4] = compress ? Compressed : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(span[5..], times.FetchedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(span[13..], times.FreshUntil.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(span[21..], times.ExpiresAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt32LittleEndian(span[29..], keyBytes.Length);
        keyBytes.CopyTo(span[HeaderSize..]);
        var at = HeaderSize + keyBytes.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], compress ? payload.Length : body.Length);
        body.CopyTo(span[(at + 4)..]);
        var end = at + 4 + body.Length;
        BinaryPrimitives.WriteUInt64LittleEndian(span[end..], XxHash3.HashToUInt64(span[..end]));
        return buffer;
    }

    /// <summary>Decodes an entry stored under <paramref name="key"/>; false when it is corrupt or belongs to another key.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, string key, out byte[] payload, out EntryTimes times)
    {
        payload = [];
        times = default;
        if (!TryReadHeader(data, out var storedKey, out times, out var bodyStart, out var end))
        {
            return false;
        }

        if (!string.Equals(storedKey, key, StringComparison.Ordinal))
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(data[(bodyStart - 4)..]);
        var body = data[bodyStart..end];
        if ((data[4] & Compressed) == 0)
        {
            payload = body.ToArray();
            return length == body.Length;
        }

        if (length is < 0 or > 64 * 1024 * 1024)
        {
            return false;
        }

        payload = new byte[length];
        return BrotliDecoder.TryDecompress(body, payload, out var written) && written == length;
    }

    /// <summary>Reads and checks the frame: the stored key and times when the checksum holds.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> data, out string key, out EntryTimes times, out int bodyStart, out int bodyEnd)
    {
        key = "";
        times = default;
        bodyStart = bodyEnd = 0;
        if (data.Length < HeaderSize + 4 + 8 || BinaryPrimitives.ReadUInt32LittleEndian(data) != Magic)
        {
            return false;
        }

        var end = data.Length - 8;
        if (XxHash3.HashToUInt64(data[..end]) != BinaryPrimitives.ReadUInt64LittleEndian(data[end..]))
        {
            return false;
        }

        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(data[29..]);
        if (keyLength < 0 || HeaderSize + keyLength + 4 > end)
        {
            return false;
        }

        key = Encoding.UTF8.GetString(data.Slice(HeaderSize, keyLength));
        times = new EntryTimes(
            DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(data[5..])),
            DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(data[13..])),
            DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(data[21..])));
        bodyStart = HeaderSize + keyLength + 4;
        bodyEnd = end;
        return true;
    }
}
