namespace FactorTrace.Reporting.Model;

/// <summary>Legal entity identifiers (ISO 17442): 18 letters or digits and two ISO 7064 MOD 97-10 check digits.</summary>
public static class Lei
{
    /// <summary>The scheme of an LEI as an XBRL entity identifier.</summary>
    public const string Scheme = "http://standards.iso.org/iso/17442";

    /// <summary>True when <paramref name="lei"/> has the form and check digits of an LEI.</summary>
    public static bool IsValid(string? lei)
    {
        var text = lei?.Trim().ToUpperInvariant();
        if (text is not { Length: 20 } || !text.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiDigit(text[18]) || !char.IsAsciiDigit(text[19]))
        {
            return false;
        }

        var remainder = 0;
        foreach (var ch in text)
        {
            var value = char.IsAsciiDigit(ch) ? ch - '0' : ch - 'A' + 10;
            remainder = value >= 10 ? ((remainder * 100) + value) % 97 : ((remainder * 10) + value) % 97;
        }

        return remainder == 1;
    }
}
