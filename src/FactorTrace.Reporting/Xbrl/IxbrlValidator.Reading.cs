using System.Globalization;
using System.Xml.Linq;

namespace FactorTrace.Reporting.Xbrl;

/// <summary>Reading values, names and dates of the document.</summary>
public sealed partial class IxbrlValidator
{
    /// <summary>The value of an <c>ix:nonFraction</c>: its text read with its format, times 10^scale, with its sign.</summary>
    private static decimal? Value(XElement element)
    {
        var text = string.Concat(element.DescendantNodes().OfType<XText>().Select(t => t.Value)).Trim();
        var format = Resolve(element, (string?)element.Attribute("format"));
        decimal value;
        if (format is null && element.Attribute("format") is null)
        {
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            {
                return null;
            }
        }
        else if (format is { NamespaceName: EsrsTaxonomy.Ixt, LocalName: "num-dot-decimal" })
        {
            if (text.Length == 0 || !text.All(c => char.IsAsciiDigit(c) || c is ',' or '.' or ' ' or '\u00a0')
                || !decimal.TryParse(text.Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal),
                    NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
            {
                return null;
            }
        }
        else if (format is { NamespaceName: EsrsTaxonomy.Ixt, LocalName: "fixed-zero" })
        {
            value = 0;
        }
        else
        {
            return null;
        }

        if (!int.TryParse((string?)element.Attribute("scale") ?? "0", NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var scale) || Math.Abs(scale) > 20)
        {
            return null;
        }

        for (var i = 0; i < Math.Abs(scale); i++)
        {
            value = scale > 0 ? value * 10 : value / 10;
        }

        return (string?)element.Attribute("sign") == "-" ? -value : value;
    }

    private static XName? Resolve(XElement scope, string? qname)
    {
        if (string.IsNullOrWhiteSpace(qname))
        {
            return null;
        }

        var colon = qname.IndexOf(':', StringComparison.Ordinal);
        var ns = colon < 0 ? scope.GetDefaultNamespace() : scope.GetNamespaceOfPrefix(qname[..colon]);
        return ns is null ? null : ns + qname[(colon + 1)..];
    }

    private static string Q(XName name) => name.NamespaceName switch
    {
        EsrsTaxonomy.Namespace => "esrs:" + name.LocalName,
        EsrsTaxonomy.Utr => "utr:" + name.LocalName,
        EsrsTaxonomy.Iso4217 => "iso4217:" + name.LocalName,
        EsrsTaxonomy.Xbrli => "xbrli:" + name.LocalName,
        _ => name.ToString(),
    };

    private static string Short(string role) => role.StartsWith("https://xbrl.efrag.org/taxonomy/", StringComparison.Ordinal) ? role[32..] : role;

    private static DateOnly? Date(XElement? element) =>
        element is not null && DateOnly.TryParseExact(element.Value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
