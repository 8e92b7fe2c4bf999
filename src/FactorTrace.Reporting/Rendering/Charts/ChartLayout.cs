using System.Globalization;

namespace FactorTrace.Reporting.Rendering.Charts;

/// <summary>Lays a <see cref="BarChart"/> out as primitives, once, for both the SVG and the PDF renderer.</summary>
public static class ChartLayout
{
    private const double TitleSize = 11;
    private const double LabelSize = 8.5;
    private const string Ink = "#222222";
    private const string Grid = "#cccccc";

    /// <summary>Lays out <paramref name="chart"/> in a box <paramref name="width"/> points wide.</summary>
    public static ChartDrawing Layout(BarChart chart, double width)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return chart.Stacked ? Columns(chart, width) : Bars(chart, width);
    }

    /// <summary>Approximate width of text in a sans-serif font (layout only; the renderers draw the real glyphs).</summary>
    public static double TextWidth(string text, double size) => (text ?? "").Length * size * 0.55;

    private static ChartDrawing Bars(BarChart chart, double width)
    {
        var p = new List<Primitive> { new TextPrimitive(0, TitleSize + 2, chart.Title, TitleSize, "start", Ink, Bold: true) };
        var top = Legend(chart, p, TitleSize + 10);
        var labelWidth = Math.Min(width * 0.38, chart.Categories.Select(c => TextWidth(c, LabelSize)).DefaultIfEmpty(0).Max() + 8);
        var valueRoom = 60.0;
        var plotLeft = labelWidth;
        var plotWidth = Math.Max(40, width - labelWidth - valueRoom);
        var values = chart.Series.SelectMany(s => s.Values).ToList();
        var max = Math.Max(0, values.DefaultIfEmpty(0).Max());
        var min = Math.Min(0, values.DefaultIfEmpty(0).Min());
        var range = max - min == 0 ? 1 : max - min;
        var zero = plotLeft + ((0 - min) / range * plotWidth);
        var barHeight = 11.0;
        var rowHeight = (chart.Series.Count * barHeight) + 8;
        var y = top;
        for (var i = 0; i < chart.Categories.Count; i++)
        {
            p.Add(new TextPrimitive(labelWidth - 6, y + (rowHeight / 2) + 3, Truncate(chart.Categories[i], labelWidth - 8, LabelSize), LabelSize, "end", Ink));
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var v = chart.Series[s].Values[i];
                var length = Math.Abs(v) / range * plotWidth;
                var x = v >= 0 ? zero : zero - length;
                var by = y + 4 + (s * barHeight);
                p.Add(new RectPrimitive(x, by, Math.Max(length, 0.5), barHeight - 2, chart.Series[s].Color));
                var label = Number(v, chart.Decimals);
                p.Add(v >= 0
                    ? new TextPrimitive(x + length + 3, by + barHeight - 3.5, label, LabelSize - 0.5, "start", Ink)
                    : new TextPrimitive(x - 3, by + barHeight - 3.5, label, LabelSize - 0.5, "end", Ink));
            }

            y += rowHeight;
        }

        p.Add(new LinePrimitive(zero, top, zero, y, Grid, 1));
        p.Add(new TextPrimitive(plotLeft + plotWidth, y + 12, chart.Unit, LabelSize, "end", Ink));
        return new ChartDrawing(width, y + 18, p);
    }

    private static ChartDrawing Columns(BarChart chart, double width)
    {
        var p = new List<Primitive> { new TextPrimitive(0, TitleSize + 2, chart.Title, TitleSize, "start", Ink, Bold: true) };
        var top = Legend(chart, p, TitleSize + 10) + 6;
        const double plotHeight = 170;
        const double left = 56;
        var plotWidth = width - left - 8;
        var n = Math.Max(1, chart.Categories.Count);
        double max = 0, min = 0;
        for (var i = 0; i < chart.Categories.Count; i++)
        {
            max = Math.Max(max, chart.Series.Sum(s => Math.Max(0, s.Values[i])));
            min = Math.Min(min, chart.Series.Sum(s => Math.Min(0, s.Values[i])));
        }

        var step = NiceStep((max - min) / 4);
        var axisMax = Math.Ceiling(max / step) * step;
        var axisMin = Math.Floor(min / step) * step;
        var range = axisMax - axisMin == 0 ? 1 : axisMax - axisMin;
        double Y(double v) => top + ((axisMax - v) / range * plotHeight);
        for (var t = axisMin; t <= axisMax + (step / 2); t += step)
        {
            p.Add(new LinePrimitive(left, Y(t), left + plotWidth, Y(t), Grid, t == 0 ? 1 : 0.5));
            p.Add(new TextPrimitive(left - 4, Y(t) + 3, Number(t, step < 1 ? 1 : 0), LabelSize - 1, "end", Ink));
        }

        var slot = plotWidth / n;
        var columnWidth = slot * 0.7;
        for (var i = 0; i < chart.Categories.Count; i++)
        {
            var x = left + (i * slot) + ((slot - columnWidth) / 2);
            double up = 0, down = 0;
            foreach (var series in chart.Series)
            {
                var v = series.Values[i];
                if (v >= 0)
                {
                    p.Add(new RectPrimitive(x, Y(up + v), columnWidth, Y(up) - Y(up + v), series.Color));
                    up += v;
                }
                else
                {
                    p.Add(new RectPrimitive(x, Y(down), columnWidth, Y(down + v) - Y(down), series.Color));
                    down += v;
                }
            }

            p.Add(new TextPrimitive(x + (columnWidth / 2), top + plotHeight + 12, chart.Categories[i], LabelSize - 1, "middle", Ink));
        }

        p.Add(new TextPrimitive(0, top + plotHeight + 28, chart.Unit, LabelSize, "start", Ink));
        return new ChartDrawing(width, top + plotHeight + 34, p);
    }

    private static double Legend(BarChart chart, List<Primitive> p, double y)
    {
        if (chart.Series.Count < 2)
        {
            return y + 4;
        }

        var x = 0.0;
        foreach (var series in chart.Series)
        {
            p.Add(new RectPrimitive(x, y, 9, 9, series.Color));
            p.Add(new TextPrimitive(x + 12, y + 8, series.Name, LabelSize, "start", Ink));
            x += 24 + TextWidth(series.Name, LabelSize);
        }

        return y + 18;
    }

    private static double NiceStep(double raw)
    {
        if (raw <= 0 || !double.IsFinite(raw))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var f = raw / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
    }

    private static string Truncate(string text, double width, double size)
    {
        var max = (int)(width / (size * 0.55));
        return text.Length <= max || max < 4 ? text : text[..(max - 1)] + "…";
    }

    private static string Number(double value, int decimals) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
