using System.Text;

namespace FactorTrace.Import.Reading;

/// <summary>Tells spreadsheets from text by their first bytes (never by the name alone), and the text's encoding and delimiter.</summary>
public static class FormatDetector
{
    private static readonly char[] Delimiters = [',', ';', '\t', '|'];

    static FormatDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>xlsx (a zip), xls (an OLE2 compound file) or text.</summary>
    public static string Container(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04 ? "xlsx"
        : head.Length >= 8 && head[0] == 0xD0 && head[1] == 0xCF && head[2] == 0x11 && head[3] == 0xE0 ? "xls"
        : "text";

    /// <summary>
    /// The encoding of a text file: a byte-order mark decides; else UTF-16 when every other byte of the start is zero;
    /// else UTF-8 when the whole file decodes as strict UTF-8; else Windows-1252 (a superset of ISO-8859-1's printable range).
    /// </summary>
    public static (Encoding Encoding, bool Bom) DetectEncoding(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = new byte[4096];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        var span = head.AsSpan(0, read);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (new UTF8Encoding(true), true);
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(false, true), true);
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (new UnicodeEncoding(true, true), true);
        }

        if (read >= 4)
        {
            int evenZeros = 0, oddZeros = 0;
            for (var i = 0; i + 1 < read; i += 2)
            {
                evenZeros += span[i] == 0 ? 1 : 0;
                oddZeros += span[i + 1] == 0 ? 1 : 0;
            }

            var pairs = read / 2;
            if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.1)
            {
                return (new UnicodeEncoding(false, false), false);
            }

            if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.1)
            {
                return (new UnicodeEncoding(true, false), false);
            }
        }

        return (IsUtf8(stream) ? new UTF8Encoding(false) : Encoding.GetEncoding(1252), false);
    }

    private static bool IsUtf8(Stream stream)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[81920];
        var chars = new char[81920];
        try
        {
            int n;
            while ((n = stream.Read(bytes, 0, bytes.Length)) > 0)
            {
                decoder.GetChars(bytes, 0, n, chars, 0, flush: false);
            }

            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            stream.Position = 0;
        }
    }

    /// <summary>
    /// The delimiter and quote of a text sample: for each candidate, the number of fields per line (quotes respected);
    /// the candidate whose most common count is above one and shared by the most lines wins, comma on ties.
    /// </summary>
    public static (char Delimiter, char Quote) Sniff(string sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var quote = QuoteOf(sample);
        var best = ',';
        var bestScore = 0.0;
        foreach (var delimiter in Delimiters)
        {
            var counts = FieldCounts(sample, delimiter, quote);
            if (counts.Count == 0)
            {
                continue;
            }

            var mode = counts.Where(c => c > 1).GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).FirstOrDefault();
            if (mode is null)
            {
                continue;
            }

            // Lines that share the modal width, weighted a little by the width so that "a;b,c" style noise loses.
            var score = mode.Count() + (Math.Log(mode.Key) * 0.01);
            if (score > bestScore)
            {
                bestScore = score;
                best = delimiter;
            }
        }

        return (best, quote);
    }

    private static char QuoteOf(string sample)
    {
        int doubleQuoted = 0, singleQuoted = 0;
        for (var i = 0; i < sample.Length; i++)
        {
            var c = sample[i];
            var atStart = i == 0 || sample[i - 1] is ',' or ';' or '\t' or '|' or '\n';
            if (atStart && c == '"')
            {
                doubleQuoted++;
            }
            else if (atStart && c == '\'')
            {
                singleQuoted++;
            }
        }

        return singleQuoted > 2 * doubleQuoted && singleQuoted >= 2 ? '\'' : '"';
    }

    private static List<int> FieldCounts(string sample, char delimiter, char quote)
    {
        var counts = new List<int>();
        var fields = 1;
        var inQuotes = false;
        var lineHasContent = false;
        for (var i = 0; i < sample.Length; i++)
        {
            var c = sample[i];
            if (c == quote)
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && c == delimiter)
            {
                fields++;
            }
            else if (!inQuotes && c == '\n')
            {
                if (lineHasContent || fields > 1)
                {
                    counts.Add(fields);
                }

                fields = 1;
                lineHasContent = false;
                continue;
            }

            lineHasContent |= c is not ('\r' or ' ');
        }

        if (lineHasContent)
        {
            counts.Add(fields);
        }

        return counts;
    }
}
