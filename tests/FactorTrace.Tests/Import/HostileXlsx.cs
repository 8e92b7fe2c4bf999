using System.IO.Compression;
using System.Text;

namespace FactorTrace.Tests.Import;

/// <summary>
/// Hand-written XLSX files for the reader's limits: one sheet (and optionally a shared-strings part) whose XML the caller
/// writes. Long text is written as 1 KiB blocks of one letter with a few varying ones, so that it deflates at about
/// 50:1: far below the 200:1 the zip-bomb check refuses, like the file of the security review.
/// Also linked into the benchmarks (<c>import-hostile</c>).
/// </summary>
internal static class HostileXlsx
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>A workbook whose sheet1 has <paramref name="sheetData"/> inside &lt;sheetData&gt;, and shared strings when given.</summary>
    public static void Write(string path, Action<TextWriter> sheetData, Action<TextWriter>? sharedStrings = null, string? sheetExtra = null)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        Part(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""");
        Part(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Part(zip, "xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        Part(zip, "xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
        if (sharedStrings is not null)
        {
            using var writer = Writer(zip, "xl/sharedStrings.xml");
            writer.Write($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{Main}">""");
            sharedStrings(writer);
            writer.Write("</sst>");
        }

        using (var writer = Writer(zip, "xl/worksheets/sheet1.xml"))
        {
            writer.Write($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{Main}"><sheetData>""");
            sheetData(writer);
            writer.Write("</sheetData>");
            writer.Write(sheetExtra ?? "");
            writer.Write("</worksheet>");
        }
    }

    /// <summary>A header row and one data row whose Notes cell holds <paramref name="chars"/> characters (inline, or shared string 0).</summary>
    public static void HugeCell(string path, long chars, bool shared)
    {
        void Header(TextWriter w) => w.Write("""<row r="1"><c t="inlineStr"><is><t>Date</t></is></c><c t="inlineStr"><is><t>Amount</t></is></c><c t="inlineStr"><is><t>Unit</t></is></c><c t="inlineStr"><is><t>Notes</t></is></c></row>""");
        if (shared)
        {
            Write(path, w =>
            {
                Header(w);
                w.Write("""<row r="2"><c t="inlineStr"><is><t>2024-01-01</t></is></c><c><v>1</v></c><c t="inlineStr"><is><t>L</t></is></c><c t="s"><v>0</v></c></row>""");
            }, w =>
            {
                w.Write("<si><t>");
                Text(w, chars);
                w.Write("</t></si>");
            });
            return;
        }

        Write(path, w =>
        {
            Header(w);
            w.Write("""<row r="2"><c t="inlineStr"><is><t>2024-01-01</t></is></c><c><v>1</v></c><c t="inlineStr"><is><t>L</t></is></c><c t="inlineStr"><is><t>""");
            Text(w, chars);
            w.Write("</t></is></c></row>");
        });
    }

    /// <summary>Writes <paramref name="chars"/> letters that deflate at roughly 50:1.</summary>
    public static void Text(TextWriter writer, long chars)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var block = new char[1024];
        Array.Fill(block, 'x');
        var state = 0x2545F491u;
        for (long written = 0; written < chars; written += block.Length)
        {
            for (var i = 0; i < 8; i++)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                block[block.Length - 8 + i] = (char)('a' + (state % 26));
            }

            writer.Write(block, 0, (int)Math.Min(block.Length, chars - written));
        }
    }

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using var writer = Writer(zip, name);
        writer.Write(xml);
    }

    private static StreamWriter Writer(ZipArchive zip, string name) =>
        new(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false), 1 << 16);
}
