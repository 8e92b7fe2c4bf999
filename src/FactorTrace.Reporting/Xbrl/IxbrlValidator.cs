using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace FactorTrace.Reporting.Xbrl;

/// <summary>One problem of an Inline XBRL document.</summary>
/// <param name="Code">Kind (<c>xml</c>, <c>context</c>, <c>unit</c>, <c>concept</c>, <c>period-type</c>, <c>item-type</c>, <c>dimension</c>, <c>calculation</c>, <c>duplicate</c>, <c>value</c>, <c>entity</c>, <c>schema-ref</c>).</param>
/// <param name="Message">What is wrong, naming the fact, its concept and context.</param>
public sealed record ValidationProblem(string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>
/// Checks an Inline XBRL 1.1 document against the ESRS taxonomy files (<see cref="EsrsTaxonomyModel"/>): well-formed
/// XHTML; every fact has its context and unit; every concept exists with the period type and item type used; units follow
/// <c>for_esrs_validation_units.xml</c> (and the XBRL rules for money, percentages and intensities); every dimension and
/// member is allowed by a hypercube of the concept; Calculation 1.1 summations hold within the reported rounding; duplicate
/// facts agree. A small, E1-6-focused validator, not a full XBRL processor (see docs/reporting.md for Arelle).
/// </summary>
public sealed partial class IxbrlValidator(EsrsTaxonomyModel taxonomy)
{
    private static readonly XNamespace Ix = EsrsTaxonomy.Ix;
    private static readonly XNamespace Xbrli = EsrsTaxonomy.Xbrli;
    private static readonly XNamespace Xbrldi = EsrsTaxonomy.Xbrldi;
    private static readonly XNamespace Link = EsrsTaxonomy.Link;
    private static readonly XNamespace XLink = EsrsTaxonomy.XLink;

    /// <summary>A validator over the taxonomy in <paramref name="folder"/>.</summary>
    public static IxbrlValidator ForFolder(string folder) => new(EsrsTaxonomyModel.Load(folder));

    /// <summary>Every problem of the document in <paramref name="stream"/>; empty when it is valid.</summary>
    public IReadOnlyList<ValidationProblem> Validate(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            return [new ValidationProblem("xml", $"The document is not well-formed XML: {ex.Message}")];
        }

        return Validate(document);
    }

    /// <summary>Every problem of <paramref name="document"/>; empty when it is valid.</summary>
    public IReadOnlyList<ValidationProblem> Validate(XDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var problems = new List<ValidationProblem>();
        void Add(string code, string message) => problems.Add(new ValidationProblem(code, message));
        if (document.Root?.Name != XName.Get("html", EsrsTaxonomy.Xhtml))
        {
            Add("xml", $"The root element is {document.Root?.Name}, not an XHTML html element.");
            return problems;
        }

        var headers = document.Descendants(Ix + "header").ToList();
        if (headers.Count != 1)
        {
            Add("header", $"An Inline XBRL document has one ix:header; this one has {headers.Count}.");
        }

        var schemaRefs = document.Descendants(Link + "schemaRef").Select(s => (string?)s.Attribute(XLink + "href")).ToList();
        if (!schemaRefs.Contains(EsrsTaxonomy.EntryPoint))
        {
            Add("schema-ref", $"No link:schemaRef to {EsrsTaxonomy.EntryPoint} (found: {(schemaRefs.Count == 0 ? "none" : string.Join(", ", schemaRefs))}).");
        }

        NotXhtml11(document, Add);
        var contexts = Contexts(document, Add);
        var units = Units(document);
        var facts = new List<Fact>();
        foreach (var element in document.Descendants().Where(e => e.Name == Ix + "nonFraction" || e.Name == Ix + "nonNumeric"))
        {
            if (Check(element, contexts, units, Add) is { } fact)
            {
                facts.Add(fact);
            }
        }

        Duplicates(facts, Add);
        Calculations(facts, Add);
        return problems;
    }

    private sealed record Context(string Id, string? Scheme, string? Identifier, string PeriodType, DateOnly? Start, DateOnly? End, IReadOnlyList<(XName Dimension, XName Member)> Members);

    private sealed record Unit(string Id, IReadOnlyList<XName> Numerator, IReadOnlyList<XName> Denominator)
    {
        public override string ToString() =>
            Denominator.Count == 0 ? string.Join("*", Numerator.Select(Q)) : $"{string.Join("*", Numerator.Select(Q))}/{string.Join("*", Denominator.Select(Q))}";
    }

    private sealed record Fact(string Id, string Concept, string ContextId, string? UnitId, decimal? Value, int? Decimals, string? Text);

    private static Dictionary<string, Context> Contexts(XDocument document, Action<string, string> add)
    {
        var result = new Dictionary<string, Context>(StringComparer.Ordinal);
        foreach (var c in document.Descendants(Xbrli + "context"))
        {
            var id = (string?)c.Attribute("id") ?? "";
            var identifier = c.Element(Xbrli + "entity")?.Element(Xbrli + "identifier");
            var period = c.Element(Xbrli + "period");
            var instant = period?.Element(Xbrli + "instant");
            var members = new List<(XName, XName)>();
            foreach (var m in c.Descendants(Xbrldi + "explicitMember"))
            {
                var dimension = Resolve(m, (string?)m.Attribute("dimension"));
                var member = Resolve(m, m.Value.Trim());
                if (dimension is null || member is null)
                {
                    add("dimension", $"Context {id}: explicit member '{m.Value.Trim()}' of dimension '{(string?)m.Attribute("dimension")}' uses an undeclared prefix.");
                    continue;
                }

                members.Add((dimension, member));
            }

            if (c.Descendants(Xbrldi + "typedMember").Any())
            {
                add("dimension", $"Context {id}: typed dimensions are not used by ESRS E1-6 tables and are not checked.");
            }

            var context = new Context(id, (string?)identifier?.Attribute("scheme"), identifier?.Value.Trim(), instant is null ? "duration" : "instant",
                Date(instant ?? period?.Element(Xbrli + "startDate")), Date(instant ?? period?.Element(Xbrli + "endDate")), members);
            if (context.Scheme != LegalEntityIdentifier.Scheme || LegalEntityIdentifier.Problem(context.Identifier) is not null)
            {
                add("entity", $"Context {id}: the entity identifier '{context.Identifier}' (scheme '{context.Scheme}') is not an LEI in scheme {LegalEntityIdentifier.Scheme}.");
            }

            if (context.PeriodType == "duration" && (context.Start is null || context.End is null || context.End < context.Start))
            {
                add("context", $"Context {id}: the period needs a startDate and an endDate, the end not before the start.");
            }

            result[id] = context;
        }

        return result;
    }

    private static Dictionary<string, Unit> Units(XDocument document) =>
        document.Descendants(Xbrli + "unit").GroupBy(u => (string?)u.Attribute("id") ?? "").ToDictionary(g => g.Key, g =>
        {
            var u = g.First();
            var divide = u.Element(Xbrli + "divide");
            List<XName> Measures(XElement? parent) => parent?.Elements(Xbrli + "measure").Select(m => Resolve(m, m.Value.Trim())).OfType<XName>().ToList() ?? [];
            return divide is null
                ? new Unit(g.Key, Measures(u), [])
                : new Unit(g.Key, Measures(divide.Element(Xbrli + "unitNumerator")), Measures(divide.Element(Xbrli + "unitDenominator")));
        }, StringComparer.Ordinal);

    private Fact? Check(XElement element, Dictionary<string, Context> contexts, Dictionary<string, Unit> units, Action<string, string> add)
    {
        var numeric = element.Name == Ix + "nonFraction";
        var rawName = (string?)element.Attribute("name") ?? "";
        var id = (string?)element.Attribute("id") ?? $"(line {((IXmlLineInfo)element).LineNumber})";
        var name = Resolve(element, rawName);
        var label = $"Fact {id} ({rawName})";
        if (name is null || name.NamespaceName != EsrsTaxonomy.Namespace || !taxonomy.Concepts.TryGetValue(name.LocalName, out var concept))
        {
            add("concept", $"{label}: concept '{rawName}' does not exist in common/esrs_cor.xsd.");
            return null;
        }

        if (concept.Abstract || concept.SubstitutionGroup != "xbrli:item")
        {
            add("concept", $"{label}: concept esrs:{concept.Name} is abstract or not an item ({concept.SubstitutionGroup}) and cannot carry a value.");
            return null;
        }

        var isNumericType = taxonomy.NumericTypes.Contains(concept.TypeLocalName);
        if (numeric != isNumericType)
        {
            add("item-type", $"{label}: concept esrs:{concept.Name} is of type {concept.Type}, which {(isNumericType ? "is numeric and needs ix:nonFraction" : "is not numeric and needs ix:nonNumeric")}, not {element.Name.LocalName}.");
        }

        var contextId = (string?)element.Attribute("contextRef") ?? "";
        if (!contexts.TryGetValue(contextId, out var context))
        {
            add("context", $"{label}: contextRef '{contextId}' has no xbrli:context in ix:resources.");
            return null;
        }

        if (context.PeriodType != concept.PeriodType)
        {
            add("period-type", $"{label}: concept esrs:{concept.Name} has periodType {concept.PeriodType}, but context {contextId} has an {context.PeriodType} period.");
        }

        Dimensions(label, concept, context, add);
        if (!numeric)
        {
            return new Fact(id, concept.Name, contextId, null, null, null, string.Concat(element.DescendantNodes().OfType<XText>().Select(t => t.Value)).Trim());
        }

        var unitId = (string?)element.Attribute("unitRef");
        if (unitId is null || !units.TryGetValue(unitId, out var unit))
        {
            add("unit", unitId is null ? $"{label}: a numeric fact needs a unitRef." : $"{label}: unitRef '{unitId}' has no xbrli:unit in ix:resources.");
            return null;
        }

        CheckUnit(label, concept, unit, add);
        int? decimals = null;
        var decimalsText = (string?)element.Attribute("decimals");
        if (decimalsText is null || (decimalsText != "INF" && !int.TryParse(decimalsText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            add("value", $"{label}: decimals '{decimalsText}' is missing or not an integer (or INF).");
        }
        else if (decimalsText != "INF")
        {
            decimals = int.Parse(decimalsText, CultureInfo.InvariantCulture);
        }

        var value = Value(element);
        if (value is null)
        {
            add("value", $"{label}: '{element.Value}' cannot be read with format {(string?)element.Attribute("format") ?? "(none)"} and scale {(string?)element.Attribute("scale") ?? "0"}.");
            return null;
        }

        return new Fact(id, concept.Name, contextId, unitId, value, decimals, null);
    }

    private void CheckUnit(string label, EsrsConcept concept, Unit unit, Action<string, string> add)
    {
        foreach (var rule in taxonomy.UnitRules.Where(r => r.TypeLocalName == concept.TypeLocalName))
        {
            if (unit.Denominator.Count != 0 || unit.Numerator.Count != 1 || unit.Numerator[0] != XName.Get(rule.MeasureLocalName, rule.MeasureNamespace))
            {
                add("unit", $"{label}: unit '{unit.Id}' is {unit}; {rule.AssertionId} (for_esrs_validation_units.xml) requires {Q(XName.Get(rule.MeasureLocalName, rule.MeasureNamespace))} for {concept.Type}.");
            }
        }

        var single = unit.Denominator.Count == 0 && unit.Numerator.Count == 1 ? unit.Numerator[0] : null;
        switch (concept.TypeLocalName)
        {
            case "monetaryItemType" when single?.NamespaceName != EsrsTaxonomy.Iso4217:
                add("unit", $"{label}: unit '{unit.Id}' is {unit}; a monetary concept needs one ISO 4217 currency (XBRL 2.1, 4.8.2).");
                break;
            case "percentItemType" when single != XName.Get("pure", EsrsTaxonomy.Xbrli):
                add("unit", $"{label}: unit '{unit.Id}' is {unit}; a percentage is a ratio in xbrli:pure.");
                break;
            case "ghgEmissionsPerMonetaryItemType" when !(unit.Numerator.Count == 1 && unit.Numerator[0] == XName.Get("tCO2e", EsrsTaxonomy.Utr)
                && unit.Denominator.Count == 1 && unit.Denominator[0].NamespaceName == EsrsTaxonomy.Iso4217):
                add("unit", $"{label}: unit '{unit.Id}' is {unit}; a GHG intensity per net revenue needs utr:tCO2e divided by an ISO 4217 currency.");
                break;
        }
    }

    private void Dimensions(string label, EsrsConcept concept, Context context, Action<string, string> add)
    {
        foreach (var (dimension, member) in context.Members)
        {
            if (dimension.NamespaceName != EsrsTaxonomy.Namespace || !taxonomy.Concepts.TryGetValue(dimension.LocalName, out var d) || d.SubstitutionGroup != "xbrldt:dimensionItem")
            {
                add("dimension", $"{label}: {Q(dimension)} in context {context.Id} is not a dimension of the taxonomy.");
                return;
            }

            if (member.NamespaceName != EsrsTaxonomy.Namespace || !taxonomy.Concepts.ContainsKey(member.LocalName))
            {
                add("dimension", $"{label}: member {Q(member)} of {Q(dimension)} in context {context.Id} does not exist in common/esrs_cor.xsd.");
                return;
            }
        }

        var cubes = taxonomy.Hypercubes.Where(h => h.PrimaryItems.Contains(concept.Name)).ToList();
        if (cubes.Count == 0)
        {
            if (context.Members.Count > 0)
            {
                add("dimension", $"{label}: concept esrs:{concept.Name} is in no hypercube of def_esrs_301060/301061.xml, so context {context.Id} may not have dimensions.");
            }

            return;
        }

        string? reason = null;
        foreach (var cube in cubes)
        {
            var why = Invalid(cube, context);
            if (why is null)
            {
                return;
            }

            reason ??= why;
            if (context.Members.Any(m => cube.Dimensions.ContainsKey(m.Dimension.LocalName)))
            {
                reason = why;
            }
        }

        add("dimension", $"{label} in context {context.Id}: {reason}");
    }

    private string? Invalid(Hypercube cube, Context context)
    {
        foreach (var (dimension, member) in context.Members)
        {
            if (!cube.Dimensions.TryGetValue(dimension.LocalName, out var members))
            {
                return $"dimension {Q(dimension)} is not allowed for this concept by any hypercube (closed; e.g. {Short(cube.Role)} in {Path.GetFileName(cube.File)} has {string.Join(", ", cube.Dimensions.Keys.Select(k => "esrs:" + k))}).";
            }

            if (!members.Contains(member.LocalName))
            {
                return $"member {Q(member)} is not a member of {Q(dimension)} in {Short(cube.Role)} ({Path.GetFileName(cube.File)}).";
            }

            if (taxonomy.Defaults.TryGetValue(dimension.LocalName, out var @default) && @default == member.LocalName)
            {
                return $"member {Q(member)} is the default of {Q(dimension)} and may not appear in a context (XBRL Dimensions 2.7.1).";
            }
        }

        foreach (var dimension in cube.Dimensions.Keys)
        {
            if (!context.Members.Any(m => m.Dimension.LocalName == dimension) && !taxonomy.Defaults.ContainsKey(dimension))
            {
                return $"dimension esrs:{dimension} of {Short(cube.Role)} ({Path.GetFileName(cube.File)}) has no default, so the context needs a member for it.";
            }
        }

        return null;
    }
}
