namespace FactorTrace.Reporting;

/// <summary>
/// The Legal Entity Identifier (ISO 17442): 18 upper-case letters or digits and two check digits under ISO 7064
/// MOD 97-10 (the number formed by replacing letters A–Z by 10–35 is 1 modulo 97). The entity identifier of an Inline
/// XBRL report, under the scheme <see cref="Scheme"/>.
/// </summary>
public static class LegalEntityIdentifier
{
    /// <summary>The identifier scheme of an LEI in an XBRL context.</summary>
    public const string Scheme = "http://standards.iso.org/iso/17442";

    /// <summary>Null when <paramref name="value"/> is a valid LEI, else why it is not.</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "An LEI is 20 characters; none was given.";
        }

        if (value.Length != 20)
        {
            return $"An LEI is 20 characters; '{value}' has {value.Length}.";
        }

        var remainder = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            int digits;
            if (c is >= '0' and <= '9')
            {
                digits = c - '0';
                remainder = ((remainder * 10) + digits) % 97;
            }
            else if (c is >= 'A' and <= 'Z' && i < 18)
            {
                digits = c - 'A' + 10;
                remainder = ((remainder * 100) + digits) % 97;
            }
            else
            {
                return $"'{value}' is not an LEI: character {i + 1} ('{c}') must be {(i < 18 ? "an upper-case letter or a digit" : "a digit")}.";
            }
        }

        return remainder == 1 ? null : $"'{value}' is not an LEI: its check digits do not match (ISO 7064 MOD 97-10); check it at gleif.org.";
    }
}
