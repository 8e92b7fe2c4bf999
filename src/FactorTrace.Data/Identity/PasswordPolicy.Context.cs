using System.Globalization;
using System.Text;

namespace FactorTrace.Data.Identity;

/// <summary>Passwords made mostly of the account's own context (e-mail, names, the service).</summary>
public static partial class PasswordPolicy
{
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
}
