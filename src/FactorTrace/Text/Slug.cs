using System.Text;

namespace FactorTrace.Text;

/// <summary>URL- and id-safe slugs: lower-case ASCII letters and digits joined by single hyphens.</summary>
public static class Slug
{
    /// <summary>The slug of a text (<c>Cereal grains (not elsewhere specified)</c> → <c>cereal-grains-not-elsewhere-specified</c>).</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var pendingHyphen = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLowerInvariant(c));
                pendingHyphen = false;
            }
            else if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                pendingHyphen = true;
            }
        }

        return builder.ToString();
    }
}
