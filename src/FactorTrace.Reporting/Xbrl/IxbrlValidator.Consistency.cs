using System.Globalization;
using System.Xml.Linq;

namespace FactorTrace.Reporting.Xbrl;

/// <summary>The document-wide checks: XHTML 1.1 markup, duplicate facts, Calculation 1.1 summations.</summary>
public sealed partial class IxbrlValidator
{
    /// <summary>
    /// HTML5 markup that the XHTML 1.1 schema of Inline XBRL 1.1 refuses (Arelle reports it as schema errors): sectioning
    /// elements, inline SVG or MathML, <c>meta charset</c>, <c>style</c> without a type.
    /// </summary>
    private static void NotXhtml11(XDocument document, Action<string, string> add)
    {
        var xhtml = XNamespace.Get(EsrsTaxonomy.Xhtml);
        string[] html5 = ["nav", "figure", "figcaption", "section", "article", "aside", "header", "footer", "main", "mark", "time", "svg", "math", "canvas", "video", "audio", "picture"];
        foreach (var element in document.Root!.Descendants())
        {
            var line = element is System.Xml.IXmlLineInfo info && info.HasLineInfo() ? $" (line {info.LineNumber})" : "";
            if ((element.Name.Namespace == xhtml && html5.Contains(element.Name.LocalName)) || element.Name.LocalName is "svg" or "math")
            {
                add("xhtml", $"<{element.Name.LocalName}>{line} is not an XHTML 1.1 element; Inline XBRL 1.1 documents are XHTML 1.1 (use div, or an img for a chart).");
            }
            else if (element.Name == xhtml + "meta" && element.Attribute("charset") is not null)
            {
                add("xhtml", $"<meta charset>{line} is HTML5; XHTML 1.1 says the encoding in the XML declaration or with http-equiv=\"Content-Type\".");
            }
            else if (element.Name == xhtml + "style" && element.Attribute("type") is null)
            {
                add("xhtml", $"<style>{line} needs type=\"text/css\" in XHTML 1.1.");
            }
        }
    }

    private static void Duplicates(List<Fact> facts, Action<string, string> add)
    {
        foreach (var group in facts.GroupBy(f => (f.Concept, f.ContextId, f.UnitId)).Where(g => g.Count() > 1))
        {
            var list = group.ToList();
            if (list[0].Value is null)
            {
                if (list.Select(f => f.Text).Distinct(StringComparer.Ordinal).Count() > 1)
                {
                    add("duplicate", $"Facts {string.Join(", ", list.Select(f => f.Id))} of esrs:{group.Key.Concept} in context {group.Key.ContextId} have different text.");
                }

                continue;
            }

            for (var i = 1; i < list.Count; i++)
            {
                var (a, b) = (list[0], list[i]);
                if (!Overlap(Interval(a), Interval(b)))
                {
                    add("duplicate", $"Facts {a.Id} ({a.Value}) and {b.Id} ({b.Value}) of esrs:{group.Key.Concept} in context {group.Key.ContextId} disagree beyond their rounding.");
                }
            }
        }
    }

    private void Calculations(List<Fact> facts, Action<string, string> add)
    {
        var numeric = facts.Where(f => f.Value is not null).ToList();
        foreach (var summation in taxonomy.Summations)
        {
            foreach (var total in numeric.Where(f => f.Concept == summation.Total).GroupBy(f => (f.ContextId, f.UnitId)))
            {
                var totalFact = MostPrecise(total);
                var items = summation.Items.Select(i => (i.Concept, i.Weight, Fact: numeric.Where(f => f.Concept == i.Concept && f.ContextId == total.Key.ContextId && f.UnitId == total.Key.UnitId).ToList()))
                    .Where(i => i.Fact.Count > 0).Select(i => (i.Concept, i.Weight, Fact: MostPrecise(i.Fact))).ToList();
                if (items.Count == 0)
                {
                    continue;
                }

                decimal low = 0, high = 0;
                foreach (var (_, weight, fact) in items)
                {
                    var (l, h) = Interval(fact);
                    low += weight >= 0 ? weight * l : weight * h;
                    high += weight >= 0 ? weight * h : weight * l;
                }

                if (!Overlap(Interval(totalFact), (low, high)))
                {
                    var sum = items.Sum(i => i.Weight * i.Fact.Value!.Value);
                    add("calculation", $"Calculation {Short(summation.Role)} ({Path.GetFileName(summation.File)}): esrs:{summation.Total} is {totalFact.Value} (fact {totalFact.Id}, context {total.Key.ContextId}), "
                        + $"but its items add up to {Normalize(sum)} ({string.Join(" + ", items.Select(i => $"esrs:{i.Concept} {i.Fact.Value}"))}), inconsistent within the rounding of their decimals.");
                }
            }
        }
    }

    private static string Normalize(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    private static Fact MostPrecise(IEnumerable<Fact> facts) => facts.OrderByDescending(f => f.Decimals ?? int.MaxValue).First();

    private static (decimal Low, decimal High) Interval(Fact fact)
    {
        if (fact.Decimals is not { } d)
        {
            return (fact.Value!.Value, fact.Value!.Value);
        }

        var half = 0.5m * (decimal)Math.Pow(10, -d);
        return (fact.Value!.Value - half, fact.Value!.Value + half);
    }

    private static bool Overlap((decimal Low, decimal High) a, (decimal Low, decimal High) b) => a.Low <= b.High && b.Low <= a.High;
}
