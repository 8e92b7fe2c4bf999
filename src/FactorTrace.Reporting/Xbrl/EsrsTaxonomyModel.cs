using System.Xml;
using System.Xml.Linq;

namespace FactorTrace.Reporting.Xbrl;

/// <summary>A concept of the core schema.</summary>
/// <param name="Name">Local name.</param>
/// <param name="Type">Item type, as <c>prefix:name</c> in the schema (<c>dtr-types:ghgEmissionsItemType</c>).</param>
/// <param name="TypeLocalName">Local name of the type.</param>
/// <param name="PeriodType"><c>duration</c> or <c>instant</c>.</param>
/// <param name="Abstract">Abstract (cannot carry a value).</param>
/// <param name="SubstitutionGroup"><c>xbrli:item</c>, <c>xbrldt:dimensionItem</c>, <c>xbrldt:hypercubeItem</c>.</param>
public sealed record EsrsConcept(string Name, string Type, string TypeLocalName, string PeriodType, bool Abstract, string SubstitutionGroup);

/// <summary>A closed hypercube of a definition role: its primary items and, per dimension, the usable members.</summary>
/// <param name="Role">Extended link role.</param>
/// <param name="File">Linkbase file it was read from.</param>
/// <param name="PrimaryItems">Concepts the hypercube applies to.</param>
/// <param name="Dimensions">Members allowed per dimension.</param>
public sealed record Hypercube(string Role, string File, IReadOnlySet<string> PrimaryItems, IReadOnlyDictionary<string, IReadOnlySet<string>> Dimensions);

/// <summary>A Calculation 1.1 summation: a total and its weighted items in a role.</summary>
/// <param name="Role">Extended link role.</param>
/// <param name="File">Linkbase file.</param>
/// <param name="Total">Total concept.</param>
/// <param name="Items">Items and weights.</param>
public sealed record Summation(string Role, string File, string Total, IReadOnlyList<(string Concept, decimal Weight)> Items);

/// <summary>A unit rule of <c>for_esrs_validation_units.xml</c>: facts of an item type must use one measure.</summary>
/// <param name="AssertionId">Value assertion id (<c>va_ghgemissions_units</c>).</param>
/// <param name="TypeLocalName">Item type local name (<c>ghgEmissionsItemType</c>).</param>
/// <param name="MeasureNamespace">Required measure's namespace.</param>
/// <param name="MeasureLocalName">Required measure's local name (<c>tCO2e</c>).</param>
public sealed record UnitRule(string AssertionId, string TypeLocalName, string MeasureNamespace, string MeasureLocalName);

/// <summary>
/// What the validator reads from the (partial) ESRS taxonomy folder at run time: concepts of <c>common/esrs_cor.xsd</c>,
/// the hypercubes of <c>def_esrs_301060/301061.xml</c> (NACE members from <c>dim_esrs_902000.xml</c>, defaults from
/// <c>dim_esrs_990000.xml</c>), the summations of <c>cal_esrs_301060/301061.xml</c>, the unit rules of
/// <c>for_esrs_validation_units.xml</c> and the numeric item types of the DTR.
/// </summary>
public sealed class EsrsTaxonomyModel
{
    private static readonly XNamespace Xsd = "http://www.w3.org/2001/XMLSchema";
    private static readonly XNamespace Link = EsrsTaxonomy.Link;
    private static readonly XNamespace XLink = EsrsTaxonomy.XLink;
    private static readonly XNamespace Xbrli = EsrsTaxonomy.Xbrli;
    private static readonly XNamespace Xbrldt = EsrsTaxonomy.Xbrldt;
    private static readonly string[] DefinitionFiles = ["all/linkbases/def_esrs_301060.xml", "all/linkbases/def_esrs_301061.xml"];
    private static readonly string[] CalculationFiles = ["all/linkbases/cal_esrs_301060.xml", "all/linkbases/cal_esrs_301061.xml"];
    private static readonly HashSet<string> NumericBases = new(StringComparer.Ordinal)
    {
        "decimalItemType", "monetaryItemType", "integerItemType", "pureItemType", "sharesItemType", "floatItemType", "doubleItemType",
        "nonNegativeIntegerItemType", "positiveIntegerItemType", "nonPositiveIntegerItemType", "negativeIntegerItemType",
        "longItemType", "intItemType", "shortItemType", "byteItemType", "unsignedLongItemType", "unsignedIntItemType",
    };

    private EsrsTaxonomyModel()
    {
    }

    /// <summary>The folder read.</summary>
    public string Folder { get; private init; } = "";

    /// <summary>Concepts by local name.</summary>
    public IReadOnlyDictionary<string, EsrsConcept> Concepts { get; private init; } = new Dictionary<string, EsrsConcept>();

    /// <summary>Closed hypercubes of the E1-6 roles.</summary>
    public IReadOnlyList<Hypercube> Hypercubes { get; private init; } = [];

    /// <summary>Dimension defaults (dimension → default member).</summary>
    public IReadOnlyDictionary<string, string> Defaults { get; private init; } = new Dictionary<string, string>();

    /// <summary>Calculation 1.1 summations.</summary>
    public IReadOnlyList<Summation> Summations { get; private init; } = [];

    /// <summary>Unit rules.</summary>
    public IReadOnlyList<UnitRule> UnitRules { get; private init; } = [];

    /// <summary>Item type local names whose values are numbers.</summary>
    public IReadOnlySet<string> NumericTypes { get; private init; } = new HashSet<string>();

    /// <summary>Reads the taxonomy folder (<c>…/esrs-taxonomy-2023-12-22</c>).</summary>
    /// <exception cref="FileNotFoundException">A file the checks need is missing.</exception>
    public static EsrsTaxonomyModel Load(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        XDocument Read(string relative)
        {
            var path = Path.Combine(folder, relative);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The ESRS taxonomy file '{relative}' is not in '{folder}'.", path);
            }

            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XDocument.Load(reader);
        }

        var concepts = new Dictionary<string, EsrsConcept>(StringComparer.Ordinal);
        foreach (var e in Read("common/esrs_cor.xsd").Root!.Elements(Xsd + "element"))
        {
            var name = (string?)e.Attribute("name");
            var type = (string?)e.Attribute("type") ?? "";
            if (name is null)
            {
                continue;
            }

            concepts[name] = new EsrsConcept(name, type, type[(type.IndexOf(':', StringComparison.Ordinal) + 1)..], (string?)e.Attribute(Xbrli + "periodType") ?? "",
                (string?)e.Attribute("abstract") == "true", (string?)e.Attribute("substitutionGroup") ?? "");
        }

        var numeric = new HashSet<string>(NumericBases, StringComparer.Ordinal);
        foreach (var types in new[] { "www.xbrl.org/dtr/type/2024-01-31/types.xsd", "www.xbrl.org/dtr/type/2020-01-21/types.xsd" })
        {
            var bases = Read(types).Root!.Elements(Xsd + "complexType").Select(t => (Name: (string?)t.Attribute("name"),
                Base: (string?)t.Descendants().FirstOrDefault(d => d.Name == Xsd + "restriction" || d.Name == Xsd + "extension")?.Attribute("base")))
                .Where(t => t.Name is not null && t.Base is not null).ToList();
            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var (name, @base) in bases)
                {
                    if (numeric.Contains(@base![(@base!.IndexOf(':', StringComparison.Ordinal) + 1)..]) && numeric.Add(name!))
                    {
                        changed = true;
                    }
                }
            }
        }

        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var link in Read("all/dimensions/dim_esrs_990000.xml").Root!.Elements(Link + "definitionLink"))
        {
            var locs = Locators(link);
            foreach (var arc in Arcs(link, "http://xbrl.org/int/dim/arcrole/dimension-default"))
            {
                defaults[locs[arc.From]] = locs[arc.To];
            }
        }

        var roleTrees = new Dictionary<string, List<(string From, string To, string Arcrole, XElement Arc)>>(StringComparer.Ordinal);
        void AddRoles(XDocument document)
        {
            foreach (var link in document.Root!.Elements(Link + "definitionLink"))
            {
                var role = (string?)link.Attribute(XLink + "role") ?? "";
                var locs = Locators(link);
                if (!roleTrees.TryGetValue(role, out var arcs))
                {
                    roleTrees[role] = arcs = [];
                }

                arcs.AddRange(link.Elements(Link + "definitionArc").Select(a => (locs[(string)a.Attribute(XLink + "from")!], locs[(string)a.Attribute(XLink + "to")!],
                    (string)a.Attribute(XLink + "arcrole")!, a)));
            }
        }

        AddRoles(Read("all/dimensions/dim_esrs_902000.xml"));
        var hypercubes = new List<Hypercube>();
        foreach (var file in DefinitionFiles)
        {
            var document = Read(file);
            AddRoles(document);
            foreach (var link in document.Root!.Elements(Link + "definitionLink"))
            {
                var role = (string?)link.Attribute(XLink + "role") ?? "";
                var arcs = roleTrees[role];
                foreach (var all in arcs.Where(a => a.Arcrole == "http://xbrl.org/int/dim/arcrole/all"))
                {
                    var primary = Descendants(arcs, all.From, usableOnly: false);
                    primary.Add(all.From);
                    var dimensions = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
                    foreach (var hd in arcs.Where(a => a.Arcrole == "http://xbrl.org/int/dim/arcrole/hypercube-dimension" && a.From == all.To))
                    {
                        var members = new HashSet<string>(StringComparer.Ordinal);
                        foreach (var dd in roleTrees.Values.SelectMany(a => a).Where(a => a.Arcrole == "http://xbrl.org/int/dim/arcrole/dimension-domain" && a.From == hd.To))
                        {
                            var target = (string?)dd.Arc.Attribute(Xbrldt + "targetRole");
                            var tree = target is not null && roleTrees.TryGetValue(target, out var t) ? t : roleTrees.First(r => r.Value.Contains(dd)).Value;
                            if ((string?)dd.Arc.Attribute(Xbrldt + "usable") != "false")
                            {
                                members.Add(dd.To);
                            }

                            members.UnionWith(Descendants(tree, dd.To, usableOnly: true));
                        }

                        dimensions[hd.To] = members;
                    }

                    hypercubes.Add(new Hypercube(role, file, primary, dimensions));
                }
            }
        }

        var summations = new List<Summation>();
        foreach (var file in CalculationFiles)
        {
            foreach (var link in Read(file).Root!.Elements(Link + "calculationLink"))
            {
                var role = (string?)link.Attribute(XLink + "role") ?? "";
                var locs = Locators(link);
                var arcs = link.Elements(Link + "calculationArc").Where(a => (string?)a.Attribute(XLink + "arcrole") == EsrsTaxonomy.SummationItem)
                    .Select(a => (From: locs[(string)a.Attribute(XLink + "from")!], To: locs[(string)a.Attribute(XLink + "to")!],
                        Weight: decimal.Parse((string?)a.Attribute("weight") ?? "1", System.Globalization.CultureInfo.InvariantCulture)));
                summations.AddRange(arcs.GroupBy(a => a.From).Select(g => new Summation(role, file, g.Key, g.Select(a => (a.To, a.Weight)).ToList())));
            }
        }

        return new EsrsTaxonomyModel
        {
            Folder = folder,
            Concepts = concepts,
            Hypercubes = hypercubes,
            Defaults = defaults,
            Summations = summations,
            UnitRules = ReadUnitRules(Read("all/formula/for_esrs_validation_units.xml")),
            NumericTypes = numeric,
        };
    }

    private static HashSet<string> Descendants(List<(string From, string To, string Arcrole, XElement Arc)> arcs, string root, bool usableOnly)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([root]);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var arc in arcs.Where(a => a.From == node && a.Arcrole == "http://xbrl.org/int/dim/arcrole/domain-member"))
            {
                if (!usableOnly || (string?)arc.Arc.Attribute(Xbrldt + "usable") != "false")
                {
                    result.Add(arc.To);
                }

                stack.Push(arc.To);
            }
        }

        return result;
    }

    /// <summary>Locator labels to concept local names (<c>esrs_Name</c> ids → <c>Name</c>; other hosts keep their id).</summary>
    private static Dictionary<string, string> Locators(XElement link) =>
        link.Elements(Link + "loc").ToDictionary(l => (string)l.Attribute(XLink + "label")!, l =>
        {
            var href = (string)l.Attribute(XLink + "href")!;
            var id = href[(href.IndexOf('#', StringComparison.Ordinal) + 1)..];
            return id.StartsWith("esrs_", StringComparison.Ordinal) ? id[5..] : id;
        }, StringComparer.Ordinal);

    private static IEnumerable<(string From, string To)> Arcs(XElement link, string arcrole) =>
        link.Elements().Where(a => (string?)a.Attribute(XLink + "arcrole") == arcrole)
            .Select(a => ((string)a.Attribute(XLink + "from")!, (string)a.Attribute(XLink + "to")!));

    /// <summary>Follows each value assertion to its fact variables and their concept data type filters.</summary>
    private static List<UnitRule> ReadUnitRules(XDocument formula)
    {
        var rules = new List<UnitRule>();
        foreach (var link in formula.Root!.Elements(XName.Get("link", "http://xbrl.org/2008/generic")))
        {
            var resources = link.Elements().Where(e => e.Attribute(XLink + "label") is not null && (string?)e.Attribute(XLink + "type") == "resource")
                .GroupBy(e => (string)e.Attribute(XLink + "label")!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var arcs = link.Elements().Where(e => (string?)e.Attribute(XLink + "type") == "arc").ToList();
            foreach (var assertion in resources.Values.Where(r => r.Name.LocalName == "valueAssertion"))
            {
                var test = (string?)assertion.Attribute("test") ?? "";
                var measure = System.Text.RegularExpressions.Regex.Match(test, @"QName\('([^']+)',\s*'([^']+)'\)");
                if (!measure.Success)
                {
                    continue;
                }

                var label = (string)assertion.Attribute(XLink + "label")!;
                foreach (var variableArc in arcs.Where(a => a.Name.LocalName == "variableArc" && (string?)a.Attribute(XLink + "from") == label))
                {
                    var variable = (string)variableArc.Attribute(XLink + "to")!;
                    foreach (var filterArc in arcs.Where(a => a.Name.LocalName == "variableFilterArc" && (string?)a.Attribute(XLink + "from") == variable))
                    {
                        if (resources.TryGetValue((string)filterArc.Attribute(XLink + "to")!, out var filter) && filter.Name.LocalName == "conceptDataType"
                            && filter.Descendants().FirstOrDefault(d => d.Name.LocalName == "qname")?.Value.Trim() is { } type)
                        {
                            rules.Add(new UnitRule((string?)assertion.Attribute("id") ?? label, type[(type.IndexOf(':', StringComparison.Ordinal) + 1)..],
                                measure.Groups[1].Value, measure.Groups[2].Value));
                        }
                    }
                }
            }
        }

        return rules.DistinctBy(r => (r.AssertionId, r.TypeLocalName)).ToList();
    }
}
