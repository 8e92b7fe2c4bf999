using System.Globalization;

namespace FactorTrace.Text;

/// <summary>
/// The one rule for free text a person or a file sends (names, notes, sites, descriptions): control characters and
/// bidirectional-override characters are never stored. NUL truncates strings in C tools and PostgreSQL refuses it; ESC
/// starts terminal escape sequences in logs and CSV viewers; the bidi overrides (U+202A–U+202E, U+2066–U+2069) make text
/// display differently from what it is ("Trojan Source"). Tab, line feed and carriage return are allowed where the field
/// allows several lines.
/// </summary>
public static class TextSafety
{
    /// <summary>The first character the rule refuses, or null when the text is safe.</summary>
    /// <param name="text">The text.</param>
    /// <param name="multiline">Whether tab, line feed and carriage return are allowed (notes); single-line fields (names) refuse them too.</param>
    public static UnsafeCharacter? FindUnsafe(ReadOnlySpan<char> text, bool multiline = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsUnsafe(c, multiline))
            {
                return new UnsafeCharacter(i, c);
            }
        }

        return null;
    }

    /// <summary>
    /// The first refused character of what is stored of <paramref name="text"/> once trimmed (single-line fields are
    /// trimmed before they are stored, so a trailing line break is not refused); its index is in the untrimmed text.
    /// </summary>
    public static UnsafeCharacter? FindUnsafeTrimmed(ReadOnlySpan<char> text)
    {
        var start = text.Length - text.TrimStart().Length;
        return FindUnsafe(text.Trim(), multiline: false) is { } found ? found with { Index = found.Index + start } : null;
    }

    /// <summary>
    /// The text with every refused character replaced by U+FFFD: for what is shown rather than refused (the name of an
    /// uploaded file, a header, the value in an error report). The message of a refusal says which character it was.
    /// </summary>
    public static string Neutralize(string text, bool multiline = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (FindUnsafe(text, multiline) is not { } first)
        {
            return text;
        }

        return string.Create(text.Length, (text, multiline, first.Index), static (span, state) =>
        {
            state.text.AsSpan().CopyTo(span);
            for (var i = state.Index; i < span.Length; i++)
            {
                if (IsUnsafe(span[i], state.multiline))
                {
                    span[i] = '\uFFFD';
                }
            }
        });
    }

    /// <summary>Whether one character is refused.</summary>
    public static bool IsUnsafe(char c, bool multiline = false) => c switch
    {
        '\t' or '\n' or '\r' => !multiline,
        < ' ' or (>= '\u007f' and <= '\u009f') => true,
        (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') => true,
        _ => false,
    };
}

/// <summary>A refused character and where it is.</summary>
/// <param name="Index">Zero-based position in the text.</param>
/// <param name="Character">The character.</param>
public readonly record struct UnsafeCharacter(int Index, char Character)
{
    /// <summary>The code point as people write it, with its name when it has a common one (<c>U+0000 (NUL)</c>).</summary>
    public string CodePoint => $"U+{(int)Character:X4}{Name switch { null => "", var n => $" ({n})" }}";

    /// <summary>A sentence for an error message.</summary>
    public string Describe(string field) =>
        string.Create(CultureInfo.InvariantCulture, $"{field} contains the control or bidirectional-override character {CodePoint} at position {Index + 1}; remove it.");

    private string? Name => Character switch
    {
        '\0' => "NUL",
        '\u001b' => "ESC",
        '\t' => "TAB",
        '\n' => "LF",
        '\r' => "CR",
        '\u007f' => "DEL",
        '\u202a' => "LRE",
        '\u202b' => "RLE",
        '\u202c' => "PDF",
        '\u202d' => "LRO",
        '\u202e' => "RLO",
        '\u2066' => "LRI",
        '\u2067' => "RLI",
        '\u2068' => "FSI",
        '\u2069' => "PDI",
        _ => null,
    };
}
