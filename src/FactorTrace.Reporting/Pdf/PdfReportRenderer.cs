using System.Globalization;
using FactorTrace.Reporting.Model;
using FactorTrace.Reporting.Rendering;
using FactorTrace.Reporting.Rendering.Charts;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace FactorTrace.Reporting.Pdf;

/// <summary>
/// The report as PDF (A4, PDFsharp, docs/adr/0006-report-pdf-engine.md): the same blocks as the HTML, text drawn as text
/// (selectable, searchable), charts drawn as vector graphics from the same chart layout as the SVG, a table of contents
/// with links and bookmarks on the first page, and "Page n of N" on every page.
/// </summary>
public sealed class PdfReportRenderer : IDisposable
{
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double Margin = 50;
    private const double Bottom = PageHeight - Margin - 14;
    private const double ContentWidth = PageWidth - (2 * Margin);
    private const double BodySize = 9;
    private const double Line = 12.5;
    private const double CellPadding = 3;

    private readonly FigureFormat _format;
    private readonly PdfDocument _document = new();
    private readonly List<(int Level, string Text, PdfPage Page, double Y)> _headings = [];
    private readonly XFont _body;
    private readonly XFont _bold;
    private readonly XFont _small;
    private readonly XFont _h1;
    private readonly XFont _h2;
    private readonly XFont _title;
    private PdfPage _page = null!;
    private XGraphics _gfx = null!;
    private double _y;

    private PdfReportRenderer(EsrsE1Report report)
    {
        ReportFonts.EnsureInstalled();
        _format = FigureFormat.For(report);
        _body = new XFont(ReportFonts.Family, BodySize, XFontStyleEx.Regular);
        _bold = new XFont(ReportFonts.Family, BodySize, XFontStyleEx.Bold);
        _small = new XFont(ReportFonts.Family, 6.5, XFontStyleEx.Regular);
        _h1 = new XFont(ReportFonts.Family, 14, XFontStyleEx.Bold);
        _h2 = new XFont(ReportFonts.Family, 11, XFontStyleEx.Bold);
        _title = new XFont(ReportFonts.Family, 17, XFontStyleEx.Bold);
    }

    /// <summary>Writes the PDF of <paramref name="report"/> to <paramref name="output"/>.</summary>
    /// <exception cref="InvalidOperationException">No font is installed (see <see cref="ReportFonts"/>).</exception>
    public static void Write(EsrsE1Report report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using var renderer = new PdfReportRenderer(report);
        renderer.Render(report);
        renderer._document.Save(output, closeStream: false);
    }

    /// <inheritdoc />
    public void Dispose() => _document.Dispose();

    private void Render(EsrsE1Report report)
    {
        var blocks = ReportLayout.Build(report);
        _document.Info.Title = $"{ReportLayout.Title}: {report.Entity.Name}";
        _document.Info.Subject = $"{report.Period.From:yyyy-MM-dd} to {report.Period.To:yyyy-MM-dd}, calculation run {report.Run.Id}";
        _document.Info.Creator = "FactorTrace";
        NewPage();
        var first = _page;
        var firstGraphics = _gfx;
        Wrapped(ReportLayout.Title, _title, 21);
        foreach (var line in ReportLayout.Masthead(report))
        {
            Wrapped(line, _body, Line);
        }

        _y += 14;
        Text("Contents", _h1, Margin, _y + 14);
        var tocTop = _y + 30;
        NewPage();
        foreach (var block in blocks)
        {
            Draw(block);
        }

        Contents(first, firstGraphics, tocTop);
        for (var i = 0; i < _document.PageCount; i++)
        {
            var page = _document.Pages[i];
            var gfx = page == _page ? _gfx : page == first ? firstGraphics : XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            gfx.DrawString(string.Create(CultureInfo.InvariantCulture, $"Page {i + 1} of {_document.PageCount}"), _small, XBrushes.DimGray,
                new XPoint(PageWidth - Margin, PageHeight - (Margin / 2)), XStringFormats.BaseLineRight);
            gfx.DrawString(report.Entity.Name + " · ESRS E1-6 · " + report.Period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " to "
                + report.Period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), _small, XBrushes.DimGray, new XPoint(Margin, PageHeight - (Margin / 2)), XStringFormats.BaseLineLeft);
            if (gfx != _gfx && gfx != firstGraphics)
            {
                gfx.Dispose();
            }
        }

        _gfx.Dispose();
        if (firstGraphics != _gfx)
        {
            firstGraphics.Dispose();
        }
    }

    private void Contents(PdfPage first, XGraphics gfx, double top)
    {
        var y = top;
        foreach (var (level, text, page, headingY) in _headings.Where(h => h.Level == 1))
        {
            var number = Array.IndexOf([.. _document.Pages], page) + 1;
            gfx.DrawString(text, _body, XBrushes.Black, new XPoint(Margin + 8, y), XStringFormats.BaseLineLeft);
            gfx.DrawString(number.ToString(CultureInfo.InvariantCulture), _body, XBrushes.Black, new XPoint(PageWidth - Margin, y), XStringFormats.BaseLineRight);
            var rect = gfx.Transformer.WorldToDefaultPage(new XRect(Margin, y - 10, ContentWidth, 13));
            first.AddDocumentLink(new PdfRectangle(rect), number);
            y += 15;
        }

        foreach (var (level, text, page, _) in _headings)
        {
            if (level == 1)
            {
                _document.Outlines.Add(text, page, true);
            }
        }
    }

    private void Draw(Block block)
    {
        switch (block)
        {
            case HeadingBlock h:
                Need(h.Level == 1 ? 60 : 40);
                _y += h.Level == 1 ? 10 : 6;
                _headings.Add((h.Level, h.Text, _page, _y));
                Wrapped(h.Text, h.Level == 1 ? _h1 : _h2, h.Level == 1 ? 18 : 15);
                if (h.Level == 1)
                {
                    _gfx.DrawLine(new XPen(Color("#1b6ca8"), 1.2), Margin, _y - 2, Margin + ContentWidth, _y - 2);
                    _y += 4;
                }

                break;
            case ParagraphBlock p:
                foreach (var line in p.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    Wrapped(line, _body, Line);
                }

                _y += 4;
                break;
            case NarrativeBlock n:
                Need(40);
                Wrapped(n.Title, _bold, Line);
                foreach (var line in n.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    Wrapped(line, _body, Line, indent: 8);
                }

                _y += 4;
                break;
            case ListBlock l:
                var hashes = l.Items.All(i => i.Length == 64);
                foreach (var item in l.Items)
                {
                    Need(Line);
                    Text("•", _body, Margin + 4, _y + Line - 3);
                    Wrapped(item, hashes ? _small : _body, hashes ? 9 : Line, indent: 14);
                }

                _y += 4;
                break;
            case TableBlock t:
                Table(t);
                break;
            case ChartBlock c:
                Chart(c.Chart);
                break;
        }
    }

    private void Table(TableBlock table)
    {
        var columns = table.Columns.Count;
        string CellText(Cell cell) => cell switch
        {
            FigureCell f => Shown(f),
            TextCell t => t.Text,
            _ => "",
        };
        var natural = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            natural[c] = Math.Max(Measure(table.Columns[c], _bold), table.Rows.Select(r => c < r.Cells.Count ? Measure(CellText(r.Cells[c]), _body) : 0).DefaultIfEmpty(0).Max()) + (2 * CellPadding);
        }

        var numeric = Enumerable.Range(0, columns).Select(c => table.Rows.Any(r => c < r.Cells.Count && r.Cells[c] is FigureCell)).ToArray();
        var minimum = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            var words = table.Rows.Select(r => c < r.Cells.Count ? CellText(r.Cells[c]) : "").Append(table.Columns[c])
                .SelectMany(t => numeric[c] || t.Length <= 14 ? [t] : t.Split(' '));
            minimum[c] = Math.Min(words.Select(w => Measure(w, _bold)).DefaultIfEmpty(0).Max() + (2 * CellPadding), ContentWidth / 2);
        }

        var widths = ColumnWidths.Fit(natural, minimum, ContentWidth);
        void Header()
        {
            var height = Enumerable.Range(0, columns).Max(c => Wrap(table.Columns[c], _bold, widths[c] - (2 * CellPadding)).Count) * Line + 4;
            _gfx.DrawRectangle(new XSolidBrush(Color("#f0f4f8")), Margin, _y, ContentWidth, height);
            var x = Margin;
            for (var c = 0; c < columns; c++)
            {
                Cell(Wrap(table.Columns[c], _bold, widths[c] - (2 * CellPadding)), _bold, x, widths[c], numeric[c]);
                x += widths[c];
            }

            _y += height;
        }

        Need(3 * Line);
        Header();
        foreach (var row in table.Rows)
        {
            var font = row.Total ? _bold : _body;
            var lines = Enumerable.Range(0, columns).Select(c => Wrap(c < row.Cells.Count ? CellText(row.Cells[c]) : "", font, widths[c] - (2 * CellPadding))).ToList();
            var height = (lines.Max(l => l.Count) * Line) + 4;
            if (_y + height > Bottom)
            {
                NewPage();
                Header();
            }

            var x = Margin;
            for (var c = 0; c < columns; c++)
            {
                Cell(lines[c], font, x, widths[c], numeric[c]);
                x += widths[c];
            }

            _y += height;
            _gfx.DrawLine(new XPen(Color(row.Total ? "#888888" : "#dddddd"), row.Total ? 1 : 0.5), Margin, _y, Margin + ContentWidth, _y);
        }

        _y += 10;
    }

    private void Cell(List<string> lines, XFont font, double x, double width, bool right)
    {
        var y = _y + Line - 1;
        foreach (var line in lines)
        {
            if (right)
            {
                Text(line, font, x + width - CellPadding, y, XStringFormats.BaseLineRight);
            }
            else
            {
                Text(line, font, x + CellPadding, y);
            }

            y += Line;
        }
    }

    private void Chart(BarChart chart)
    {
        var drawing = ChartLayout.Layout(chart, ContentWidth);
        Need(drawing.Height + 10);
        var (ox, oy) = (Margin, _y + 4);
        foreach (var primitive in drawing.Primitives)
        {
            switch (primitive)
            {
                case RectPrimitive r when r.Height > 0:
                    _gfx.DrawRectangle(new XSolidBrush(Color(r.Color)), ox + r.X, oy + r.Y, r.Width, r.Height);
                    break;
                case LinePrimitive l:
                    _gfx.DrawLine(new XPen(Color(l.Color), l.Width), ox + l.X1, oy + l.Y1, ox + l.X2, oy + l.Y2);
                    break;
                case TextPrimitive t:
                    var font = new XFont(ReportFonts.Family, t.Size, t.Bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
                    var format = t.Anchor switch { "end" => XStringFormats.BaseLineRight, "middle" => XStringFormats.BaseLineCenter, _ => XStringFormats.BaseLineLeft };
                    _gfx.DrawString(t.Text, font, new XSolidBrush(Color(t.Color)), new XPoint(ox + t.X, oy + t.Y), format);
                    break;
            }
        }

        _y = oy + drawing.Height + 10;
    }

    private string Shown(FigureCell cell)
    {
        var shown = _format.Show(cell.Figure);
        return cell.WithUnit ? shown.WithUnit : shown.Display;
    }

    private void Wrapped(string text, XFont font, double lineHeight, double indent = 0)
    {
        foreach (var line in Wrap(text, font, ContentWidth - indent))
        {
            Need(lineHeight);
            Text(line, font, Margin + indent, _y + lineHeight - 3);
            _y += lineHeight;
        }
    }

    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (Measure(candidate, font) <= width)
            {
                current = candidate;
                continue;
            }

            if (current.Length > 0)
            {
                lines.Add(current);
            }

            current = word;
            while (Measure(current, font) > width && current.Length > 1)
            {
                var cut = current.Length - 1;
                while (cut > 1 && Measure(current[..cut], font) > width)
                {
                    cut--;
                }

                lines.Add(current[..cut]);
                current = current[cut..];
            }
        }

        lines.Add(current);
        return lines;
    }

    private double Measure(string text, XFont font) => text.Length == 0 ? 0 : _gfx.MeasureString(text, font).Width;

    private void Text(string text, XFont font, double x, double y, XStringFormat? format = null) =>
        _gfx.DrawString(text, font, XBrushes.Black, new XPoint(x, y), format ?? XStringFormats.BaseLineLeft);

    private void Need(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    private void NewPage()
    {
        var previous = _gfx;
        _page = _document.AddPage();
        _page.Width = XUnit.FromPoint(PageWidth);
        _page.Height = XUnit.FromPoint(PageHeight);
        _gfx = XGraphics.FromPdfPage(_page);
        if (previous is not null && _document.PageCount > 2)
        {
            previous.Dispose();
        }

        _y = Margin;
    }

    private static XColor Color(string hex) => XColor.FromArgb(
        int.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
}
