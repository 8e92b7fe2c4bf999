using System.Globalization;
using System.Xml.Linq;

namespace FactorTrace.Reporting.Rendering.Charts;

/// <summary>A chart as inline SVG (no scripts, no external references), for the HTML and iXBRL reports.</summary>
public static class SvgChart
{
    /// <summary>The SVG namespace.</summary>
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The <c>svg</c> element of <paramref name="chart"/>, <paramref name="width"/> user units wide and scaled to its container.</summary>
    public static XElement Render(BarChart chart, double width = 640)
    {
        var drawing = ChartLayout.Layout(chart, width);
        var svg = new XElement(Svg + "svg",
            new XAttribute("viewBox", $"0 0 {N(drawing.Width)} {N(drawing.Height)}"),
            new XAttribute("width", "100%"),
            new XAttribute("role", "img"),
            new XAttribute("aria-label", chart.Title),
            new XAttribute("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif"),
            new XElement(Svg + "title", chart.Title));
        foreach (var primitive in drawing.Primitives)
        {
            svg.Add(primitive switch
            {
                RectPrimitive r => new XElement(Svg + "rect", new XAttribute("x", N(r.X)), new XAttribute("y", N(r.Y)), new XAttribute("width", N(r.Width)),
                    new XAttribute("height", N(Math.Max(0, r.Height))), new XAttribute("fill", r.Color)),
                LinePrimitive l => new XElement(Svg + "line", new XAttribute("x1", N(l.X1)), new XAttribute("y1", N(l.Y1)), new XAttribute("x2", N(l.X2)),
                    new XAttribute("y2", N(l.Y2)), new XAttribute("stroke", l.Color), new XAttribute("stroke-width", N(l.Width))),
                TextPrimitive t => new XElement(Svg + "text", new XAttribute("x", N(t.X)), new XAttribute("y", N(t.Y)), new XAttribute("font-size", N(t.Size)),
                    new XAttribute("text-anchor", t.Anchor), new XAttribute("fill", t.Color), t.Bold ? new XAttribute("font-weight", "bold") : null, t.Text),
                _ => null,
            });
        }

        return svg;
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
