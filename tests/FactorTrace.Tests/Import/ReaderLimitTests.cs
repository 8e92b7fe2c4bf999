using System.Globalization;
using System.Text;
using FactorTrace.Import;
using FactorTrace.Import.Processing;

namespace FactorTrace.Tests.Import;

/// <summary>
/// The reader's limits bite while a file is read, before a huge value exists: cells, rows, shared strings, tags and
/// rich-text runs of an XLSX are measured by a streaming pass before ExcelDataReader opens it; CSV cells by Sylvan's
/// bounded buffer.
/// </summary>
public sealed class ReaderLimitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reader-limits-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Analyze_XlsxCellPastMaxFieldChars_FieldTooLargeWithoutBuildingIt(bool shared)
    {
        // 32 Mi characters (64 MiB as a string) deflating at about 110:1, under the zip-bomb ratio; the limit is 1 Mi.
        const long chars = 32L * 1024 * 1024;
        var path = Path.Combine(_folder, "huge-cell.xlsx");
        HostileXlsx.HugeCell(path, chars, shared);
        Assert.True(new FileInfo(path).Length < chars / 100);
        var options = new ImportOptions { MaxFieldChars = 1024 * 1024 };

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImportException>(() => Analyze(path, options));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal("field_too_large", error.Code);
        Assert.Contains("1,048,576", error.Message, StringComparison.Ordinal);
        // Before the pass, ExcelDataReader built the 64 MiB string (and its growing copies) before the length was checked.
        Assert.True(allocated < 8L * 1024 * 1024, $"{allocated:N0} bytes allocated to refuse a cell of {chars:N0} characters");
    }

    [Fact]
    public void Analyze_XlsxRowOfManyCellsEachUnderTheLimit_FieldTooLarge()
    {
        var path = Path.Combine(_folder, "wide-row.xlsx");
        HostileXlsx.Write(path, w =>
        {
            w.Write("""<row r="1"><c t="inlineStr"><is><t>Notes</t></is></c></row><row r="2">""");
            for (var i = 0; i < 100; i++)
            {
                w.Write("""<c t="inlineStr"><is><t>""");
                w.Write(new string('n', 1000));
                w.Write("</t></is></c>");
            }

            w.Write("</row>");
        });

        var error = Assert.Throws<ImportException>(() => Analyze(path, new ImportOptions { MaxFieldChars = 1024 }));

        Assert.Equal("field_too_large", error.Code);
        Assert.Contains("Row 2 holds more than 66,560 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_XlsxRowFarPastMaxRows_TooManyRowsBeforeReading()
    {
        var path = Path.Combine(_folder, "far-row.xlsx");
        HostileXlsx.Write(path, w => w.Write("""<row r="1"><c t="inlineStr"><is><t>Amount</t></is></c></row><row r="2"><c><v>1</v></c></row><row r="1000000"><c><v>2</v></c></row>"""));

        var error = Assert.Throws<ImportException>(() => Analyze(path, new ImportOptions { MaxRows = 100 }));

        Assert.Equal("too_many_rows", error.Code);
        Assert.Contains("row 140", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_XlsxCellFarRightAndDown_TooManyRowsBeforeReadingTheGrid()
    {
        // Four cells in a 1 KiB file whose grid (rows × widest row, gaps included) is 819 million cells.
        var path = Path.Combine(_folder, "far-cell.xlsx");
        HostileXlsx.Write(path, w => w.Write("""<row r="1"><c r="A1" t="inlineStr"><is><t>Amount</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row><row r="50000"><c r="XFD50000"><v>2</v></c></row>"""));

        var error = Assert.Throws<ImportException>(() => Analyze(path, new ImportOptions()));

        Assert.Equal("too_many_rows", error.Code);
        Assert.Contains("50,000 rows of 16,384 columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_XlsxRowWithMoreCellsThanExcelHasColumns_FileCorrupt()
    {
        var path = Path.Combine(_folder, "many-cells.xlsx");
        HostileXlsx.Write(path, w =>
        {
            w.Write("""<row r="1"><c t="inlineStr"><is><t>Amount</t></is></c></row><row r="2">""");
            for (var i = 0; i <= 16_384; i++)
            {
                w.Write("<c/>");
            }

            w.Write("</row>");
        });

        var error = Assert.Throws<ImportException>(() => Analyze(path, new ImportOptions()));

        Assert.Equal("file_corrupt", error.Code);
        Assert.Contains("16,384", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_XlsxAttributePastMaxFieldChars_FieldTooLarge()
    {
        var path = Path.Combine(_folder, "long-attribute.xlsx");
        HostileXlsx.Write(path, w =>
        {
            w.Write("""<row r="1"><c t="inlineStr" x=" """);
            HostileXlsx.Text(w, 4L * 1024 * 1024);
            w.Write("""" "><is><t>Amount</t></is></c></row>"""");
        });

        var error = Assert.Throws<ImportException>(() => Analyze(path, new ImportOptions { MaxFieldChars = 1024 * 1024 }));

        Assert.Equal("field_too_large", error.Code);
        Assert.Contains("xl/worksheets/sheet1.xml has a tag", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_XlsxSharedStringOfManyRichTextRuns_RefusedAsZipBomb()
    {
        // ExcelDataReader joins runs with +=: 4,000 runs of 500 characters copy 4 billion characters.
        var path = Path.Combine(_folder, "runs.xlsx");
        HostileXlsx.Write(
            path,
            w => w.Write("""<row r="1"><c t="inlineStr"><is><t>Notes</t></is></c></row><row r="2"><c t="s"><v>0</v></c></row>"""),
            w =>
            {
                w.Write("<si>");
                for (var i = 0; i < 4000; i++)
                {
                    w.Write("<r><t>");
                    w.Write(new string('r', 500));
                    w.Write("</t></r>");
                }

                w.Write("</si>");
            });

        var error = Assert.Throws<ImportException>(() => Analyze(path, new ImportOptions { MaxFileBytes = 16 * 1024 * 1024 }));

        Assert.Equal("zip_bomb", error.Code);
        Assert.Contains("rich-text runs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_XlsxSharedStringsPastMaxFileBytes_RefusedAsZipBomb()
    {
        var path = Path.Combine(_folder, "many-strings.xlsx");
        HostileXlsx.Write(
            path,
            w => w.Write("""<row r="1"><c t="s"><v>0</v></c></row>"""),
            w =>
            {
                for (var i = 0; i < 100_000; i++)
                {
                    w.Write("<si><t>s</t></si>");
                }
            });

        var error = Assert.Throws<ImportException>(() => Analyze(path, new ImportOptions { MaxFileBytes = 1024 * 1024 }));

        Assert.Equal("zip_bomb", error.Code);
        Assert.Contains("shared strings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_XlsxWithinTheLimits_ReadAsBefore()
    {
        var path = Path.Combine(_folder, "fine.xlsx");
        HostileXlsx.Write(
            path,
            w => w.Write("""<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>Notes</t></is></c></row>"""
                + """<row r="2"><c r="A2"><v>12.5</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="inlineStr"><is><r><t xml:space="preserve">two </t></r><r><t>runs</t></r></is></c></row>"""
                + """<row r="4"><c r="A4"><v>3</v></c><c r="B4" t="s"><v>2</v></c><c r="C4" t="inlineStr"><is><t><![CDATA[<b> & </b>]]></t></is></c></row>"""),
            w => w.Write("<si><t>Amount</t></si><si><t>Unit</t></si><si><t>kWh</t></si>"));
        var options = new ImportOptions { MaxFieldChars = 1024, MaxRows = 2 };

        var processor = new ImportProcessor(options, null);
        var layout = processor.Analyze(path, new Dictionary<string, string>(), null).Layout;
        var rows = processor.DataRows(path, layout).Select(r => string.Join("|", r.Cells)).ToList();

        Assert.Equal(["Amount", "Unit", "Notes"], layout.Headers);
        Assert.Equal(["12.5|kWh|two runs", "3|kWh|<b> & </b>"], rows);
    }

    [Fact]
    public void Analyze_CsvCellPastMaxFieldChars_FieldTooLarge()
    {
        // The cell fits Sylvan's buffer (the limit plus 64 Ki for the rest of the row) but not the limit.
        var path = Path.Combine(_folder, "long-cell.csv");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"Date,Amount,Unit,Notes\n2024-01-01,1,L,{new string('n', 2000)}\n"), Encoding.UTF8);

        var error = Assert.Throws<ImportException>(() => Analyze(path, new ImportOptions { MaxFieldChars = 1024 }));

        Assert.Equal("field_too_large", error.Code);
        Assert.Contains("Row 2 has a cell longer than 1,024 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_CsvRowPastTheBuffer_FieldTooLarge()
    {
        var path = Path.Combine(_folder, "long-row.csv");
        File.WriteAllText(path, "Notes\n" + string.Join(',', Enumerable.Repeat(new string('n', 1000), 100)) + "\n", Encoding.UTF8);

        var error = Assert.Throws<ImportException>(() => Analyze(path, new ImportOptions { MaxFieldChars = 1024 }));

        Assert.Equal("field_too_large", error.Code);
        Assert.Contains("Row 2 holds more than 66,560 characters", error.Message, StringComparison.Ordinal);
    }

    private static void Analyze(string path, ImportOptions options)
    {
        var processor = new ImportProcessor(options, null);
        var layout = processor.Analyze(path, new Dictionary<string, string>(), null).Layout;
        foreach (var _ in processor.DataRows(path, layout))
        {
        }
    }
}
