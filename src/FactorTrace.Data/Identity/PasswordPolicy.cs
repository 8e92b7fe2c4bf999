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
public static partial class PasswordPolicy
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
