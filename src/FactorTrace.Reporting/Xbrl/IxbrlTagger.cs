using System.Globalization;
using System.Xml.Linq;
using FactorTrace.Reporting.Model;
using FactorTrace.Reporting.Rendering;

namespace FactorTrace.Reporting.Xbrl;

/// <summary>
/// Tags figures and text blocks of one report as Inline XBRL 1.1 facts and collects the contexts and units they need:
/// the entity is the LEI, periods are durations, dimensions go in the scenario.
/// </summary>
internal sealed class IxbrlTagger
{
    private static readonly XNamespace Ix = EsrsTaxonomy.Ix;
    private static readonly XNamespace Xbrli = EsrsTaxonomy.Xbrli;
    private static readonly XNamespace Link = EsrsTaxonomy.Link;
    private static readonly XNamespace XLink = EsrsTaxonomy.XLink;
    private static readonly XNamespace Xbrldi = EsrsTaxonomy.Xbrldi;

    private readonly string _lei;
    private readonly ReportPeriod _period;
    private readonly string? _nace;
    private readonly Dictionary<string, XElement> _contexts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, XElement> _units = new(StringComparer.Ordinal);
    private readonly HashSet<string> _factIds = new(StringComparer.Ordinal);
    private XElement? _resources;

    public IxbrlTagger(EsrsE1Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _lei = report.Entity.Lei is { } lei && LegalEntityIdentifier.Problem(lei) is null ? lei : throw new LeiRequiredException();
        _period = report.Period;
        _nace = EsrsTaxonomy.NaceMember(report.Options.NaceActivity);
    }

    /// <summary>The <c>ix:header</c> with the schema reference; <see cref="Complete"/> fills its resources.</summary>
    public XElement Header()
    {
        _resources = new XElement(Ix + "resources");
        return new XElement(Ix + "header",
            new XElement(Ix + "references",
                new XElement(Link + "schemaRef", new XAttribute(XLink + "type", "simple"), new XAttribute(XLink + "href", EsrsTaxonomy.EntryPoint))),
            _resources);
    }

    /// <summary>Adds every context and unit the tagged facts use to the header's <c>ix:resources</c>.</summary>
    public void Complete()
    {
        _resources?.Add(_contexts.Values, _units.Values);
    }

    /// <summary>Declares the namespace prefixes on the root element.</summary>
    public static void DeclareNamespaces(XElement html)
    {
        html.Add(
            new XAttribute(XNamespace.Xmlns + "ix", EsrsTaxonomy.Ix),
            new XAttribute(XNamespace.Xmlns + "ixt", EsrsTaxonomy.Ixt),
            new XAttribute(XNamespace.Xmlns + "xbrli", EsrsTaxonomy.Xbrli),
            new XAttribute(XNamespace.Xmlns + "link", EsrsTaxonomy.Link),
            new XAttribute(XNamespace.Xmlns + "xlink", EsrsTaxonomy.XLink),
            new XAttribute(XNamespace.Xmlns + "xbrldi", EsrsTaxonomy.Xbrldi),
            new XAttribute(XNamespace.Xmlns + "esrs", EsrsTaxonomy.Namespace),
            new XAttribute(XNamespace.Xmlns + "utr", EsrsTaxonomy.Utr),
            new XAttribute(XNamespace.Xmlns + "iso4217", EsrsTaxonomy.Iso4217));
    }

    /// <summary>An <c>ix:nonFraction</c> for a figure cell, or null when the figure is not an E1-6 datapoint.</summary>
    public XElement? Number(FigureCell cell, ShownNumber shown, EsrsE1Report report)
    {
        if (ConceptMap.For(cell.Figure.Id, _nace) is not { } tag)
        {
            return null;
        }

        var members = tag.Members.ToList();
        if (cell.BaseYear)
        {
            members.Add(new(EsrsTaxonomy.BaselineAxis, EsrsTaxonomy.BaselineYearMember));
        }

        var context = Context(cell.Period ?? _period, members);
        var unit = Unit(cell.Figure);
        var id = FactId(cell.Figure.Id, context);
        var fact = new XElement(Ix + "nonFraction",
            new XAttribute("name", "esrs:" + tag.Concept),
            new XAttribute("id", id),
            new XAttribute("contextRef", context),
            new XAttribute("unitRef", unit),
            new XAttribute("decimals", shown.Decimals.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("scale", shown.Scale.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("format", "ixt:num-dot-decimal"),
            shown.Negative ? new XAttribute("sign", "-") : null,
            shown.Text);
        return fact;
    }

    /// <summary>An <c>ix:nonNumeric</c> text block (escaped XHTML content) in the report period's context.</summary>
    public XElement Text(string concept, IEnumerable<XElement> content) => new(Ix + "nonNumeric",
        new XAttribute("name", "esrs:" + concept),
        new XAttribute("id", FactId(concept, "text")),
        new XAttribute("contextRef", Context(_period, [])),
        new XAttribute("escape", "true"),
        content);

    private string FactId(string figureId, string context)
    {
        var baseId = "f_" + new string((figureId + "_" + context).Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '_').ToArray());
        var id = baseId;
        for (var i = 2; !_factIds.Add(id); i++)
        {
            id = $"{baseId}_{i}";
        }

        return id;
    }

    private string Context(ReportPeriod period, IReadOnlyList<KeyValuePair<string, string>> members)
    {
        var sorted = members.OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
        var key = $"{period.From:yyyy-MM-dd}|{period.To:yyyy-MM-dd}|{string.Join(",", sorted.Select(m => m.Key + "=" + m.Value))}";
        if (_contexts.TryGetValue(key, out var existing))
        {
            return (string)existing.Attribute("id")!;
        }

        var id = $"c{_contexts.Count + 1}_{period.From:yyyyMMdd}_{period.To:yyyyMMdd}";
        var context = new XElement(Xbrli + "context", new XAttribute("id", id),
            new XElement(Xbrli + "entity", new XElement(Xbrli + "identifier", new XAttribute("scheme", LegalEntityIdentifier.Scheme), _lei)),
            new XElement(Xbrli + "period",
                new XElement(Xbrli + "startDate", period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                new XElement(Xbrli + "endDate", period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        if (sorted.Count > 0)
        {
            context.Add(new XElement(Xbrli + "scenario", sorted.Select(m =>
                new XElement(Xbrldi + "explicitMember", new XAttribute("dimension", "esrs:" + m.Key), "esrs:" + m.Value))));
        }

        _contexts[key] = context;
        return id;
    }

    private string Unit(ReportFigure figure)
    {
        var currency = figure.Currency ?? "";
        var (id, build) = figure.Kind switch
        {
            FigureKind.Percent => ("pure", (Func<XElement>)(() => Measure("xbrli:pure"))),
            FigureKind.Money => (currency, () => Measure("iso4217:" + currency)),
            FigureKind.Intensity => ("tCO2e_per_" + currency, () => new XElement(Xbrli + "divide",
                new XElement(Xbrli + "unitNumerator", Measure("utr:tCO2e")),
                new XElement(Xbrli + "unitDenominator", Measure("iso4217:" + currency)))),
            _ => ("tCO2e", () => Measure("utr:tCO2e")),
        };
        if (!_units.ContainsKey(id))
        {
            _units[id] = new XElement(Xbrli + "unit", new XAttribute("id", id), build());
        }

        return id;
    }

    private static XElement Measure(string qname) => new(Xbrli + "measure", qname);
}
