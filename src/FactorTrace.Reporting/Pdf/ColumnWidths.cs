namespace FactorTrace.Reporting.Pdf;

/// <summary>Widths of a table's columns on a page.</summary>
internal static class ColumnWidths
{
    /// <summary>Column widths: the natural widths when they fit; else every column its longest word, the rest shared by what each would still need.</summary>
    public static double[] Fit(double[] natural, double[] minimum, double contentWidth)
    {
        var total = natural.Sum();
        if (total <= contentWidth)
        {
            var spare = contentWidth - total;
            return natural.Select(w => w + (spare * w / total)).ToArray();
        }

        var floor = minimum.Sum();
        if (floor >= contentWidth)
        {
            return minimum.Select(w => w / floor * contentWidth).ToArray();
        }

        var wanted = natural.Select((w, i) => Math.Max(0, w - minimum[i])).ToArray();
        var room = contentWidth - floor;
        return minimum.Select((w, i) => w + (room * wanted[i] / wanted.Sum())).ToArray();
    }
}
