using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FactorTrace.Import.TextClassification;

/// <summary>
/// Purchase lines as compared: lower case, accents removed, runs of digits as one <c>#</c> (dates and invoice numbers
/// change, the purchase does not), punctuation as spaces, spaces collapsed.
/// </summary>
public static class TextKey
{
    /// <summary>The normalised text.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var space = true;
        var digits = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsDigit(c))
            {
                if (!digits)
                {
                    builder.Append('#');
                }

                digits = true;
                space = false;
                continue;
            }

            digits = false;
            if (char.IsLetter(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space)
            {
                builder.Append(' ');
                space = true;
            }
        }

        return builder.ToString().Trim();
    }

    /// <summary>Whether the normalised text holds the normalised pattern as whole words.</summary>
    public static bool Contains(string normalizedText, string normalizedPattern) =>
        normalizedPattern.Length > 0 && $" {normalizedText} ".Contains($" {normalizedPattern} ", StringComparison.Ordinal);

    /// <summary>The cache key of a text under a catalogue version.</summary>
    public static string CacheKey(string catalogueVersion, string text) =>
        $"{catalogueVersion}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(text))))}";
}
