using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace FactorTrace.Server.Imports;

/// <summary>
/// A minimal one-sheet XLSX written as it streams (inline strings, numbers as numbers). Text that a spreadsheet could
/// take for a formula is neutralized as in the CSV exports.
/// </summary>
internal sealed class XlsxExport : IDisposable
{
    public const string MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private readonly ZipArchive _zip;
    private readonly StreamWriter _sheet;
    private long _row;

    public XlsxExport(Stream output)
    {
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
        Part("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Part("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Export" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        Part("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
        _sheet = new StreamWriter(_zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false), 1 << 16);
        _sheet.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
    }

    /// <summary>Writes a row: strings as neutralized inline text, doubles as numbers, null as an empty cell.</summary>
    public void Row(IReadOnlyList<object?> cells)
    {
        _row++;
        _sheet.Write("<row r=\"");
        _sheet.Write(_row.ToString(CultureInfo.InvariantCulture));
        _sheet.Write("\">");
        foreach (var cell in cells)
        {
            switch (cell)
            {
                case null:
                    _sheet.Write("<c/>");
                    break;
                case double d when double.IsFinite(d):
                    _sheet.Write("<c><v>");
                    _sheet.Write(d.ToString("R", CultureInfo.InvariantCulture));
                    _sheet.Write("</v></c>");
                    break;
                default:
                    _sheet.Write("<c t=\"inlineStr\"><is><t xml:space=\"preserve\">");
                    _sheet.Write(SecurityElement.Escape(XmlSafe(CsvExport.Neutralize(Convert.ToString(cell, CultureInfo.InvariantCulture)) ?? "")));
                    _sheet.Write("</t></is></c>");
                    break;
            }
        }

        _sheet.Write("</row>");
    }

    public void Dispose()
    {
        _sheet.Write("</sheetData></worksheet>");
        _sheet.Dispose();
        _zip.Dispose();
    }

    /// <summary>XML 1.0 cannot hold most control characters; they are dropped (tab, CR and LF stay).</summary>
    private static string XmlSafe(string text)
    {
        foreach (var c in text)
        {
            if (c < 0x20 && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF')
            {
                return new string(text.Where(ch => !(ch < 0x20 && ch is not ('\t' or '\n' or '\r')) && ch is not ('\uFFFE' or '\uFFFF')).ToArray());
            }
        }

        return text;
    }

    private void Part(string name, string xml)
    {
        using var writer = new StreamWriter(_zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        writer.Write(xml);
    }
}
