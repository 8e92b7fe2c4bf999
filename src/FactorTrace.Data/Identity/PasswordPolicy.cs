using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using FactorTrace.Text;

namespace FactorTrace.Data.Identity;

/// <summary>
/// Which passwords users may choose, after NIST SP 800-63B (rev. 3 §5.1.1.2, rev. 4 §3.1.1.2): length rather than
/// composition. The password is NFKC-normalised and then needs <see cref="MinimumLength"/> to <see cref="MaximumLength"/>
/// code points; every printable character is allowed (spaces, punctuation, any script, emoji) but control and
/// bidirectional-override characters are not (<see cref="TextSafety"/>). Refused: text that is only whitespace, a short
/// pattern repeated or a run of keys or characters (<c>abcd</c>, <c>1234</c>, <c>qwerty</c>), text made mostly of the
/// user's e-mail address, organisation or the service's name, and passwords on the embedded list of common passwords,
/// also when they are only disguised (case, leetspeak such as <c>P@ssw0rd</c>, digits or symbols before or after, a year).
/// No rule asks for digits, capitals or symbols. The list is <c>Identity/common-passwords.txt</c>, embedded: the 30,000
/// passwords of the zxcvbn package's frequency list (MIT licence; <c>scripts/common-passwords.sh</c> regenerates it),
/// read once on first use.
/// </summary>
public static class PasswordPolicy
{
    /// <summary>The fewest code points (after normalisation) a password has.</summary>
    public const int MinimumLength = 12;

    /// <summary>The most code points (after normalisation) a password has.</summary>
    public const int MaximumLength = 256;

    /// <summary>
    /// Longer input (in UTF-16 code units) is refused as too long without normalising it: NFKC composes at most a few
    /// code units into one code point, so such text cannot come down to <see cref="MaximumLength"/>, and a megabyte of
    /// input costs nothing.
    /// </summary>
    private const int MaximumInputLength = MaximumLength * 16;

    /// <summary>The service's own name, always a context word.</summary>
    private const string ServiceName = "factortrace";

    /// <summary>Shorter context words (<c>bob</c>, <c>co</c>) are ignored: they match too much ordinary text.</summary>
    private const int MinimumContextWordLength = 4;

    /// <summary>A run of keys or characters counts from this many code points (<c>abc</c>, <c>321</c>, <c>qwe</c>).</summary>
    private const int MinimumRun = 3;

    /// <summary>A password of runs may have this many code points outside them and still be sequential (<c>abcdefghijk!</c>).</summary>
    private const int SequentialSlack = 2;

    /// <summary>A password with this few distinct code points is repetitive (<c>aaaabbbbcccc</c>).</summary>
    private const int FewestDistinct = 3;

    private const string ResourceName = "FactorTrace.Data.Identity.common-passwords.txt";

    private static readonly Lazy<Blocklist> CommonPasswords = new(Blocklist.Load);

    /// <summary>
    /// Orders of characters whose runs are sequential: the alphabet, the digits (cyclic: <c>7890123</c>), the rows of the
    /// QWERTY, QWERTZ and AZERTY keyboards read left to right and top to bottom (<c>qwertyuiopas</c>), their columns
    /// (<c>1qaz2wsx</c>, <c>qazwsx</c>) and the shifted digit row (<c>!@#$%</c>). Both directions count.
    /// </summary>
    private static readonly Sequence[] Sequences =
    [
        new("abcdefghijklmnopqrstuvwxyz", cyclic: false),
        new("0123456789", cyclic: true),
        new("1234567890-=", cyclic: false),
        new("!@#$%^&*()_+", cyclic: false),
        new("qwertyuiopasdfghjklzxcvbnm", cyclic: false),
        new("qwertzuiopasdfghjklyxcvbnm", cyclic: false),
        new("azertyuiopqsdfghjklmwxcvbn", cyclic: false),
        new("1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/", cyclic: false),
        new("qazwsxedcrfvtgbyhnujmik,ol.p;/", cyclic: false),
    ];

    /// <summary>
    /// Whether <paramref name="password"/> may be used, and if not why.
    /// </summary>
    /// <param name="password">The password as the user typed it; null counts as empty.</param>
    /// <param name="context">
    /// Text the password must not be made of: the user's e-mail address (its local part and domain labels count, the
    /// top-level domain does not), the tenant's slug or name. Words shorter than four characters are ignored;
    /// <c>factortrace</c> is always included. Null and empty entries are skipped.
    /// </param>
    /// <returns>Null when the password is acceptable; otherwise what is wrong, with a message for the user.</returns>
    public static PasswordVerdict? Check(string? password, params string?[] context)
    {
        if (string.IsNullOrEmpty(password))
        {
            return TooShort(0);
        }

        if (password.Length > MaximumInputLength)
        {
            return TooLong(null);
        }

        if (TextSafety.FindUnsafe(password) is { } unsafeCharacter)
        {
            return InvalidCharacters(unsafeCharacter.CodePoint);
        }

        if (FindLoneSurrogate(password) is { } surrogate)
        {
            return InvalidCharacters(string.Create(CultureInfo.InvariantCulture, $"U+{(int)surrogate:X4}"));
        }

        string normalized;
        try
        {
            normalized = password.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return InvalidCharacters(null);
        }

        var lower = normalized.ToLowerInvariant();
        var codePoints = CodePoints(lower);
        if (codePoints.Length > MaximumLength)
        {
            return TooLong(codePoints.Length);
        }

        if (codePoints.All(c => Rune.IsWhiteSpace(new Rune(c))))
        {
            return new PasswordVerdict(PasswordVerdict.WhitespaceOnly,
                "This password is only spaces. Choose a passphrase of three or four unrelated words.");
        }

        if (codePoints.Length < MinimumLength)
        {
            return TooShort(codePoints.Length);
        }

        if (IsRepetitive(codePoints))
        {
            return new PasswordVerdict(PasswordVerdict.Repetitive,
                "This password repeats the same characters or a short pattern, which is easy to guess. "
                + "Choose a passphrase of three or four unrelated words.");
        }

        if (IsSequential(codePoints))
        {
            return new PasswordVerdict(PasswordVerdict.Sequential,
                "This password is a run of keys or characters (like abcd, 1234 or qwerty), which is among the first things guessed. "
                + "Choose a passphrase of three or four unrelated words.");
        }

        if (IsMostlyContext(lower, context))
        {
            return new PasswordVerdict(PasswordVerdict.ContainsContext,
                "This password is mostly your e-mail address, your organisation's name or the name of this service, "
                + "which anyone who targets your account knows. Choose a passphrase of unrelated words.");
        }

        if (IsCommon(lower))
        {
            return new PasswordVerdict(PasswordVerdict.CommonPassword,
                "This password is on a list of commonly used passwords, or is one of them with small changes "
                + "(capitals, digits or symbols for letters, digits or a year added). Choose a longer passphrase of unrelated words.");
        }

        return null;
    }

    /// <summary>
    /// The form of a password to hash and to verify: NFKC, as <see cref="Check"/> measures it, so that the same password
    /// typed on keyboards or systems that compose characters differently (full-width letters, <c>é</c> as one or two code
    /// points) is the same password. ASCII passwords are unchanged.
    /// </summary>
    /// <param name="password">The password as the user typed it.</param>
    /// <exception cref="ArgumentException">The password has a lone surrogate (which <see cref="Check"/> refuses).</exception>
    public static string Normalize(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return password.Normalize(NormalizationForm.FormKC);
    }

    /// <summary>How many passwords the embedded list holds (loads it).</summary>
    internal static int CommonPasswordCount => CommonPasswords.Value.Count;

    private static PasswordVerdict TooShort(int length) => new(PasswordVerdict.TooShort,
        string.Create(CultureInfo.InvariantCulture, $"This password has {length} characters; passwords need at least {MinimumLength}.")
        + " A passphrase of three or four unrelated words is long enough and easy to remember.");

    private static PasswordVerdict TooLong(int? length) => new(PasswordVerdict.TooLong,
        (length is { } n
            ? string.Create(CultureInfo.InvariantCulture, $"This password has {n} characters; passwords have at most {MaximumLength}.")
            : string.Create(CultureInfo.InvariantCulture, $"This password is longer than the {MaximumLength} characters allowed."))
        + " Choose a shorter one.");

    private static PasswordVerdict InvalidCharacters(string? codePoint) => new(PasswordVerdict.InvalidCharacters,
        (codePoint is null
            ? "This password contains an invalid character"
            : $"This password contains the control or invalid character {codePoint}")
        + ". Passwords may contain letters of any language, digits, spaces, punctuation and symbols, "
        + "but not control characters; remove it.");

    /// <summary>The first unpaired UTF-16 surrogate: text that cannot be normalised, nor encoded to hash it.</summary>
    private static char? FindLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return text[i];
            }
        }

        return null;
    }

    private static int[] CodePoints(string text)
    {
        var codePoints = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            codePoints.Add(rune.Value);
        }

        return [.. codePoints];
    }

    /// <summary>
    /// Few distinct characters, or a short unit repeated, in the whole text or in its core (the digits and symbols around it
    /// removed) when that is at least half of it.
    /// </summary>
    private static bool IsRepetitive(int[] codePoints)
    {
        if (codePoints.Distinct().Take(FewestDistinct + 1).Count() <= FewestDistinct)
        {
            return true;
        }

        if (IsShortUnitRepeated(codePoints))
        {
            return true;
        }

        var start = 0;
        var end = codePoints.Length;
        while (start < end && IsDecoration(codePoints[start]))
        {
            start++;
        }

        while (end > start && IsDecoration(codePoints[end - 1]))
        {
            end--;
        }

        var core = codePoints.AsSpan(start, end - start);
        return core.Length < codePoints.Length && core.Length * 2 >= codePoints.Length && IsShortUnitRepeated(core);
    }

    /// <summary>The text repeats (at least twice, the last time perhaps in part) a unit shorter than <see cref="MinimumLength"/>.</summary>
    private static bool IsShortUnitRepeated(ReadOnlySpan<int> text)
    {
        var period = SmallestPeriod(text);
        return period < MinimumLength && period * 2 <= text.Length;
    }

    /// <summary>The smallest p with text[i] == text[i + p] for every i (Knuth–Morris–Pratt failure function; linear).</summary>
    private static int SmallestPeriod<T>(ReadOnlySpan<T> text)
        where T : IEquatable<T>
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var border = new int[text.Length];
        for (var i = 1; i < text.Length; i++)
        {
            var k = border[i - 1];
            while (k > 0 && !text[i].Equals(text[k]))
            {
                k = border[k - 1];
            }

            if (text[i].Equals(text[k]))
            {
                k++;
            }

            border[i] = k;
        }

        return text.Length - border[^1];
    }

    /// <summary>
    /// All but <see cref="SequentialSlack"/> code points lie in runs of <see cref="MinimumRun"/> or more along one of
    /// <see cref="Sequences"/>.
    /// </summary>
    private static bool IsSequential(int[] codePoints)
    {
        var covered = new bool[codePoints.Length];
        foreach (var sequence in Sequences)
        {
            foreach (var direction in (ReadOnlySpan<int>)[1, -1])
            {
                var runStart = 0;
                for (var i = 1; i <= codePoints.Length; i++)
                {
                    if (i < codePoints.Length && sequence.Follows(codePoints[i - 1], codePoints[i], direction))
                    {
                        continue;
                    }

                    if (i - runStart >= MinimumRun)
                    {
                        covered.AsSpan(runStart, i - runStart).Fill(true);
                    }

                    runStart = i;
                }
            }
        }

        return covered.Count(c => !c) <= SequentialSlack;
    }

    /// <summary>
    /// Context words (leetspeak undone) cover more than half of the code points, or everything but digits, symbols and
    /// spaces (<c>acme 2024 7731</c>).
    /// </summary>
    private static bool IsMostlyContext(string lower, string?[] context)
    {
        var words = ContextWords(context);
        var covered = new bool[lower.Length];
        var any = false;
        foreach (var variant in (string[])[lower, Unleet(lower, 'i'), Unleet(lower, 'l')])
        {
            foreach (var word in words)
            {
                for (var at = variant.IndexOf(word, StringComparison.Ordinal); at >= 0;
                     at = variant.IndexOf(word, at + 1, StringComparison.Ordinal))
                {
                    covered.AsSpan(at, word.Length).Fill(true);
                    any = true;
                }
            }
        }

        if (!any)
        {
            return false;
        }

        int total = 0, inContext = 0;
        var remainderHasLetter = false;
        for (var i = 0; i < lower.Length; i += char.IsSurrogatePair(lower, i) ? 2 : 1)
        {
            total++;
            if (covered[i])
            {
                inContext++;
            }
            else if (char.IsLetter(lower, i))
            {
                remainderHasLetter = true;
            }
        }

        return inContext * 2 > total || !remainderHasLetter;
    }

    /// <summary>
    /// Lower-case NFKC words of four or more code points: of an e-mail address the local part and the domain labels but
    /// the last; text split at everything but letters, digits and marks.
    /// </summary>
    private static List<string> ContextWords(string?[] context)
    {
        var words = new List<string> { ServiceName };
        foreach (var item in context ?? [])
        {
            if (string.IsNullOrWhiteSpace(item) || FindLoneSurrogate(item) is not null)
            {
                continue;
            }

            var text = item.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
            var at = text.LastIndexOf('@');
            if (at >= 0)
            {
                var labels = text[(at + 1)..].Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                text = string.Join(' ', [text[..at], .. labels.Length > 1 ? labels[..^1] : labels]);
            }

            foreach (var word in SplitWords(text))
            {
                if (word.EnumerateRunes().Count() >= MinimumContextWordLength && !words.Contains(word, StringComparer.Ordinal))
                {
                    words.Add(word);
                }
            }
        }

        return words;
    }

    private static IEnumerable<string> SplitWords(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var partOfWord = i < text.Length && (char.IsLetterOrDigit(text, i) || char.IsSurrogate(text[i])
                || char.GetUnicodeCategory(text[i]) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);
            if (partOfWord && start < 0)
            {
                start = i;
            }
            else if (!partOfWord && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

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

    /// <summary>An order of ASCII characters and whether its end runs on to its start.</summary>
    private sealed class Sequence
    {
        private readonly int[] _position = new int[128];
        private readonly int _length;
        private readonly bool _cyclic;

        public Sequence(string order, bool cyclic)
        {
            Array.Fill(_position, -1);
            for (var i = 0; i < order.Length; i++)
            {
                _position[order[i]] = i;
            }

            _length = order.Length;
            _cyclic = cyclic;
        }

        /// <summary>Whether <paramref name="next"/> is one step from <paramref name="previous"/> in <paramref name="direction"/>.</summary>
        public bool Follows(int previous, int next, int direction)
        {
            if ((uint)previous >= 128 || (uint)next >= 128)
            {
                return false;
            }

            var from = _position[previous];
            var to = _position[next];
            if (from < 0 || to < 0)
            {
                return false;
            }

            var step = from + direction;
            return to == (_cyclic ? (step + _length) % _length : step);
        }
    }

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

/// <summary>Why a password is refused: a stable code for programs and a sentence for the user.</summary>
/// <param name="Code">One of the constants of this type (<c>too_short</c>, <c>common_password</c>…).</param>
/// <param name="Message">What is wrong and what to do, for the person choosing the password; it never repeats the password.</param>
public sealed record PasswordVerdict(string Code, string Message)
{
    /// <summary>Fewer than <see cref="PasswordPolicy.MinimumLength"/> code points.</summary>
    public const string TooShort = "too_short";

    /// <summary>More than <see cref="PasswordPolicy.MaximumLength"/> code points.</summary>
    public const string TooLong = "too_long";

    /// <summary>Only spaces or other whitespace.</summary>
    public const string WhitespaceOnly = "whitespace_only";

    /// <summary>A control or bidirectional-override character, or an unpaired surrogate.</summary>
    public const string InvalidCharacters = "invalid_characters";

    /// <summary>A short unit repeated, or very few distinct characters.</summary>
    public const string Repetitive = "repetitive";

    /// <summary>Runs of the alphabet, the digits or keyboard rows and columns.</summary>
    public const string Sequential = "sequential";

    /// <summary>Mostly the user's e-mail address, organisation or the service's name.</summary>
    public const string ContainsContext = "contains_context";

    /// <summary>On the list of common passwords, as typed or thinly disguised.</summary>
    public const string CommonPassword = "common_password";
}
