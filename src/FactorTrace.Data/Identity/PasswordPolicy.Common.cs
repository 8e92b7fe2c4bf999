using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace FactorTrace.Data.Identity;

/// <summary>Common passwords, also thinly disguised (decoration, leetspeak, digits around a listed core).</summary>
public static partial class PasswordPolicy
{
    /// <summary>
    /// On the list as typed, or its core is: any span that has all the letters, with only digits, symbols and spaces cut
    /// from either end, leetspeak undone (<c>p@ssw0rd2024!</c>, <c>!!letmein!!</c>); or a listed password repeated.
    /// </summary>
    private static bool IsCommon(string lower)
    {
        var list = CommonPasswords.Value;
        if (MatchesCore(list, lower))
        {
            return true;
        }

        var start = 0;
        var end = lower.Length;
        while (start < end && IsDecoration(Rune.GetRuneAt(lower, start).Value))
        {
            start += Rune.GetRuneAt(lower, start).Utf16SequenceLength;
        }

        while (end > start && Rune.DecodeLastFromUtf16(lower.AsSpan(start, end - start), out var last, out var size) == OperationStatus.Done
            && IsDecoration(last.Value))
        {
            end -= size;
        }

        foreach (var text in (string[])[lower, lower[start..end]])
        {
            var period = SmallestPeriod(text.AsSpan());
            if (period < text.Length && text.Length % period == 0)
            {
                // The listed word may be any whole number of periods ("abcabc" in "abcabcabcabc").
                for (var unit = period; unit <= text.Length / 2; unit += period)
                {
                    if (text.Length % unit == 0 && MatchesCore(list, text[..unit]))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool MatchesCore(Blocklist list, string text)
    {
        var prefix = Boundaries(text, fromStart: true);
        if (prefix[^1] == text.Length)
        {
            // No letters: only the whole text is a candidate.
            return list.Contains(text);
        }

        var suffix = Boundaries(text, fromStart: false);
        foreach (var start in prefix)
        {
            foreach (var end in suffix)
            {
                if (end - start <= list.LongestLength && list.Contains(text.AsSpan(start, end - start)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The positions where a core may start (0 and after each leading decoration) or end (the length and before each
    /// trailing one).
    /// </summary>
    private static List<int> Boundaries(string text, bool fromStart)
    {
        var positions = new List<int>();
        if (fromStart)
        {
            var i = 0;
            positions.Add(0);
            while (i < text.Length && Rune.GetRuneAt(text, i) is var rune && IsDecoration(rune.Value))
            {
                i += rune.Utf16SequenceLength;
                positions.Add(i);
            }
        }
        else
        {
            var end = text.Length;
            positions.Add(end);
            while (end > 0 && Rune.DecodeLastFromUtf16(text.AsSpan(0, end), out var rune, out var size) == OperationStatus.Done
                && IsDecoration(rune.Value))
            {
                end -= size;
                positions.Add(end);
            }
        }

        return positions;
    }

    /// <summary>Digits, punctuation, symbols and spaces: what people add around a word; letters and marks are not.</summary>
    private static bool IsDecoration(int codePoint)
    {
        var rune = new Rune(codePoint);
        return !Rune.IsLetter(rune) && Rune.GetUnicodeCategory(rune)
            is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark);
    }

    /// <summary>Leetspeak undone: 0→o, 1→<paramref name="one"/>, 3→e, 4→a, 5→s, 7→t, @→a, $→s.</summary>
    private static char Unleet(char c, char one) => c switch
    {
        '0' => 'o',
        '1' => one,
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '@' => 'a',
        '$' => 's',
        _ => c,
    };

    private static string Unleet(string text, char one) =>
        string.Create(text.Length, (text, one), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Unleet(state.text[i], state.one);
            }
        });

    /// <summary>The embedded list of common passwords, lower-case, with span lookups.</summary>
    private sealed class Blocklist
    {
        private static readonly SearchValues<char> LeetCharacters = SearchValues.Create("013457@$");

        private readonly FrozenSet<string> _words;
        private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        private Blocklist(FrozenSet<string> words)
        {
            _words = words;
            _lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
            LongestLength = words.Count == 0 ? 0 : words.Max(w => w.Length);
        }

        public int Count => _words.Count;

        public int LongestLength { get; }

        public static Blocklist Load()
        {
            using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var words = new HashSet<string>(StringComparer.Ordinal);
            while (reader.ReadLine() is { } line)
            {
                var word = line.Trim();
                if (word.Length > 0 && !word.StartsWith('#'))
                {
                    words.Add(word.Normalize(NormalizationForm.FormKC).ToLowerInvariant());
                }
            }

            return new Blocklist(words.ToFrozenSet(StringComparer.Ordinal));
        }

        /// <summary>The text, or its leetspeak reading (with 1 as i, then as l), is listed.</summary>
        public bool Contains(ReadOnlySpan<char> text)
        {
            if (text.Length == 0 || text.Length > LongestLength)
            {
                return false;
            }

            if (_lookup.Contains(text))
            {
                return true;
            }

            if (text.IndexOfAny(LeetCharacters) < 0)
            {
                return false;
            }

            Span<char> buffer = stackalloc char[text.Length];
            foreach (var one in (ReadOnlySpan<char>)['i', 'l'])
            {
                for (var i = 0; i < text.Length; i++)
                {
                    buffer[i] = Unleet(text[i], one);
                }

                if (_lookup.Contains(buffer))
                {
                    return true;
                }

                if (text.IndexOf('1') < 0)
                {
                    break;
                }
            }

            return false;
        }
    }
}
