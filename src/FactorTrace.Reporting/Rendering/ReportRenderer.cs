using System.Text;
using System.Xml;
using System.Xml.Linq;
using FactorTrace.Reporting.Model;
using FactorTrace.Reporting.Xbrl;

namespace FactorTrace.Reporting.Rendering;

/// <summary>The report's output formats, each written to a stream from the same model and the same rounding.</summary>
public static class ReportRenderer
{
    /// <summary>Self-contained HTML (inline CSS and SVG, no scripts, no external requests), readable and printable.</summary>
    public static void WriteHtml(EsrsE1Report report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var document = XhtmlReport.Build(report, tagger: null);
        using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        writer.Write("<!DOCTYPE html>\n");
        using var xml = XmlWriter.Create(writer, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, Encoding = new UTF8Encoding(false) });
        document.Root!.WriteTo(xml);
    }

    /// <summary>
    /// Inline XBRL 1.1 (XHTML) tagged with the ESRS Set 1 taxonomy 2023-12-22.
    /// </summary>
    /// <exception cref="LeiRequiredException">The report has no (valid) LEI for the entity identifier.</exception>
    public static void WriteIxbrl(EsrsE1Report report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var document = XhtmlReport.Build(report, new IxbrlTagger(report));
        document.Declaration = new XDeclaration("1.0", "utf-8", null);
        using var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CloseOutput = false });
        document.Save(xml);
    }

    /// <summary>The report as a string in <paramref name="write"/>'s format (for tests and small outputs).</summary>
    public static string ToText(EsrsE1Report report, Action<EsrsE1Report, Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var stream = new MemoryStream();
        write(report, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
