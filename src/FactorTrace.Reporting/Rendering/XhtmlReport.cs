using System.Xml.Linq;
using FactorTrace.Reporting.Model;
using FactorTrace.Reporting.Rendering.Charts;
using FactorTrace.Reporting.Xbrl;

namespace FactorTrace.Reporting.Rendering;

/// <summary>
/// The report as one XHTML document: inline CSS, inline SVG charts, no scripts and no external requests. The HTML output
/// is this document; the iXBRL output is the same document with its figures and text blocks tagged by an <see cref="IxbrlTagger"/>.
/// </summary>
internal static class XhtmlReport
{
    public static readonly XNamespace X = EsrsTaxonomy.Xhtml;

    private const string Css = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #1d1d1d; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; font-size: 10.5pt; }
        h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
        h2 { font-size: 1.2rem; border-bottom: 2px solid #1b6ca8; padding-bottom: 0.2rem; margin-top: 2rem; }
        h3 { font-size: 1rem; margin-top: 1.2rem; }
        .masthead { color: #444; margin: 0.1rem 0; }
        table { border-collapse: collapse; margin: 0.6rem 0 1rem; width: 100%; }
        th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
        th { background: #f0f4f8; font-weight: 600; }
        td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        tr.total td { font-weight: 700; border-top: 2px solid #888; }
        .figure { margin: 1rem 0; page-break-inside: avoid; }
        .narrative { background: #fafafa; border-left: 3px solid #4c956c; padding: 0.3rem 0.8rem; }
        ul.hashes, .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; word-break: break-all; }
        .contents ol { columns: 2; }
        @media print { body { margin: 0; max-width: none; font-size: 9.5pt; } h2 { page-break-after: avoid; } table, .figure { page-break-inside: avoid; } .contents { page-break-after: always; } }
        @page { size: A4; margin: 18mm 15mm; }
        """;

    public static XDocument Build(EsrsE1Report report, IxbrlTagger? tagger)
    {
        var format = FigureFormat.For(report);
        var blocks = ReportLayout.Build(report);
        var body = new XElement(X + "body");
        if (tagger is not null)
        {
            body.Add(new XElement(X + "div", new XAttribute("style", "display:none"), tagger.Header()));
        }

        body.Add(new XElement(X + "h1", ReportLayout.Title));
        foreach (var line in ReportLayout.Masthead(report))
        {
            body.Add(new XElement(X + "p", new XAttribute("class", "masthead"), line));
        }

        // XHTML 1.1 elements only (Inline XBRL 1.1 is validated against its schema): div, not nav or figure.
        body.Add(new XElement(X + "div", new XAttribute("class", "contents"), new XElement(X + "h2", "Contents"),
            new XElement(X + "ol", blocks.OfType<HeadingBlock>().Where(h => h.Level == 1).Select(h =>
                new XElement(X + "li", new XElement(X + "a", new XAttribute("href", "#" + h.Id), h.Text))))));
        foreach (var block in blocks)
        {
            body.Add(Render(block, format, tagger, report));
        }

        var html = new XElement(X + "html", new XAttribute(XNamespace.Xml + "lang", "en"),
            new XElement(X + "head",
                new XElement(X + "meta", new XAttribute("http-equiv", "Content-Type"), new XAttribute("content", "text/html; charset=utf-8")),
                new XElement(X + "title", $"{ReportLayout.Title}: {report.Entity.Name}, {report.Period.From:yyyy-MM-dd} to {report.Period.To:yyyy-MM-dd}"),
                new XElement(X + "style", new XAttribute("type", "text/css"), Css)),
            body);
        if (tagger is not null)
        {
            IxbrlTagger.DeclareNamespaces(html);
        }

        tagger?.Complete();
        return new XDocument(html);
    }

    private static object? Render(Block block, FigureFormat format, IxbrlTagger? tagger, EsrsE1Report report) => block switch
    {
        HeadingBlock h => new XElement(X + (h.Level == 1 ? "h2" : "h3"), new XAttribute("id", h.Id), h.Text),
        ParagraphBlock p => Paragraphs(p.Text),
        ListBlock l => new XElement(X + "ul", l.Items.All(i => i.Length == 64) ? new XAttribute("class", "hashes") : null, l.Items.Select(i => new XElement(X + "li", i))),
        NarrativeBlock n => new XElement(X + "div", new XAttribute("class", "narrative"),
            new XElement(X + "h3", n.Title),
            tagger is null ? Paragraphs(n.Text) : tagger.Text(n.Concept, Paragraphs(n.Text))),
        TableBlock t => Table(t, format, tagger, report),
        ChartBlock c => new XElement(X + "div", new XAttribute("class", "figure"), tagger is null ? SvgChart.Render(c.Chart) : SvgImage(c)),
        _ => null,
    };

    /// <summary>A chart as an image with an SVG data URI: XHTML 1.1 has no inline <c>svg</c> element.</summary>
    private static XElement SvgImage(ChartBlock chart)
    {
        var svg = SvgChart.Render(chart.Chart);
        var bytes = System.Text.Encoding.UTF8.GetBytes(svg.ToString(SaveOptions.DisableFormatting));
        return new XElement(X + "img", new XAttribute("alt", chart.Chart.Title), new XAttribute("src", "data:image/svg+xml;base64," + Convert.ToBase64String(bytes)));
    }

    private static IEnumerable<XElement> Paragraphs(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => new XElement(X + "p", line));

    private static XElement Table(TableBlock table, FigureFormat format, IxbrlTagger? tagger, EsrsE1Report report)
    {
        var element = new XElement(X + "table",
            new XElement(X + "thead", new XElement(X + "tr", table.Columns.Select((c, i) => new XElement(X + "th", i > 0 && NumericColumn(table, i) ? new XAttribute("class", "num") : null, c)))));
        var tbody = new XElement(X + "tbody");
        foreach (var row in table.Rows)
        {
            tbody.Add(new XElement(X + "tr", row.Total ? new XAttribute("class", "total") : null, row.Cells.Select(cell => cell switch
            {
                FigureCell f => new XElement(X + "td", new XAttribute("class", "num"), Figure(f, format, tagger, report)),
                TextCell t => new XElement(X + "td", t.Text),
                _ => new XElement(X + "td"),
            })));
        }

        element.Add(tbody);
        return element;
    }

    private static bool NumericColumn(TableBlock table, int column) =>
        table.Rows.Any(r => column < r.Cells.Count && r.Cells[column] is FigureCell);

    private static IEnumerable<object> Figure(FigureCell cell, FigureFormat format, IxbrlTagger? tagger, EsrsE1Report report)
    {
        var shown = format.Show(cell.Figure);
        var tagged = tagger is not null && cell.Tag ? tagger.Number(cell, shown, report) : null;
        if (shown.Negative)
        {
            yield return "-";
        }

        yield return tagged ?? (object)shown.Text;
        if (cell.WithUnit)
        {
            yield return " " + shown.Unit;
        }
    }
}
