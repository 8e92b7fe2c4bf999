using System.Text;
using FactorTrace.Import;
using FactorTrace.Import.Processing;
using FactorTrace.Import.Reading;

namespace FactorTrace.Tests.Import;

/// <summary>JSON and JSON Lines uploads: detection, columns, typed numbers, nesting, and structured refusals of bad files.</summary>
public sealed class JsonReaderTests : IDisposable
{
    private static readonly ImportOptions Options = new() { MaxFieldChars = 4096, MaxRows = 2000, PreviewRows = 5 };
    private readonly string _folder = Directory.CreateTempSubdirectory("json-reader-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Detect_ArrayOfRecords_JsonWithKeysAsColumns()
    {
        var path = Write("""
            [{"date":"2024-01-05","fuel":"diesel","litres":"12.5"},
             {"date":"2024-01-06","fuel":"petrol","litres":7}]
            """);

        var layout = TableReader.Detect(path, Options);
        var rows = TableReader.Read(path, layout, Options).ToList();

        Assert.Equal("json", layout.Format);
        Assert.Null(layout.JsonRecords);
        Assert.Equal(["date", "fuel", "litres"], layout.JsonKeys);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["2024-01-05", "diesel", "12.5"], rows[0].Cells);
        Assert.False(rows[0].IsTyped(2));
        Assert.Equal("7", rows[1].Cell(2));
        Assert.True(rows[1].IsTyped(2));
        Assert.Equal(2, rows[1].Number);
    }

    [Theory]
    [InlineData("data")]
    [InlineData("records")]
    public void Detect_ObjectWithOneArrayOfRecords_ReadsThatArray(string property)
    {
        var path = Write($$"""{"source":"fleet","tags":["a","b"],"{{property}}":[{"fuel":"diesel","litres":1},{"fuel":"hvo","litres":2}],"count":2}""");

        var layout = TableReader.Detect(path, Options);
        var rows = TableReader.Read(path, layout, Options).ToList();

        Assert.Equal("json", layout.Format);
        Assert.Equal(property, layout.JsonRecords);
        Assert.Equal(["fuel", "litres"], layout.JsonKeys);
        Assert.Equal(["hvo", "2"], rows[1].Cells);
    }

    [Fact]
    public void Detect_JsonLinesWithKeyFirstSeenLate_KeyIsAColumnAndEarlierRowsEmpty()
    {
        var lines = new StringBuilder();
        for (var i = 0; i < 500; i++)
        {
            lines.Append(i == 499 ? $"{{\"fuel\":\"diesel\",\"litres\":{i},\"site\":\"Leeds\"}}\n" : $"{{\"fuel\":\"diesel\",\"litres\":{i}}}\n");
        }

        var path = Write(lines.ToString());

        var layout = TableReader.Detect(path, Options);
        var rows = TableReader.Read(path, layout, Options).ToList();

        Assert.Equal("jsonl", layout.Format);
        Assert.Equal(["fuel", "litres", "site"], layout.JsonKeys);
        Assert.Equal("", rows[0].Cell(2));
        Assert.Equal("Leeds", rows[499].Cell(2));
        Assert.Equal(500, rows[499].Number);
    }

    [Fact]
    public void Read_NestedObject_FlattenedWithDottedKeys()
    {
        var path = Write("""{"date":"2024-01-05","fuel":{"type":"diesel","amount":{"value":1e3,"unit":"l"}},"ok":true,"note":null}""" + "\n");

        var layout = TableReader.Detect(path, Options);
        var row = Assert.Single(TableReader.Read(path, layout, Options));

        Assert.Equal(["date", "fuel.type", "fuel.amount.value", "fuel.amount.unit", "ok", "note"], layout.JsonKeys);
        Assert.Equal(["2024-01-05", "diesel", "1000", "l", "TRUE", ""], row.Cells);
    }

    [Theory]
    [InlineData("{date},fuel,litres\n2024-01-05,diesel,12.5\n")]
    [InlineData("[kWh],site\n12,Leeds\n")]
    [InlineData("{\"a\":1},b,c\n1,2,3\n")]
    [InlineData("[a,b]\n1,2\n")]
    public void Detect_CsvStartingWithBracket_StaysCsv(string text)
    {
        var path = Write(text);

        var layout = TableReader.Detect(path, Options);

        Assert.Equal("csv", layout.Format);
        Assert.Null(layout.JsonKeys);
    }

    [Theory]
    [InlineData("[{\"a\":1},{\"a\":2},{\"a\" 3}]", "Record 3")]
    [InlineData("{\"a\":1}\n{\"a\":2}\n{\"a\":3,,}\n", "line 3")]
    [InlineData("[{\"a\":1},{\"a\":2},{\"a\":", "truncated")]
    [InlineData("[{\"a\":1}", "truncated")]
    [InlineData("[{\"a\":1}] [", "Record 2")]
    [InlineData("{\"a\":1}\n{\"a\":1,\"a\":2}\n", "twice")]
    [InlineData("[{\"a\":\"x\"},{\"a\":\"\\ud800\"}]", "Record 2")]
    public void Detect_MalformedJson_FileCorruptNamingTheRecord(string text, string expected)
    {
        var path = Write(text);

        var ex = Assert.Throws<ImportException>(() => TableReader.Detect(path, Options));

        Assert.Equal("file_corrupt", ex.Code);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_InvalidUtf8InAString_FileCorrupt()
    {
        // Found by fuzzing: GetString threw InvalidOperationException on bytes that are not UTF-8 after a UTF-8 BOM.
        var path = Path.Combine(_folder, "bad-utf8.json");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "[{\"a\":\"x\"},{\"a\":\""u8, 0xDA, .. "\"}]"u8]);

        var ex = Assert.Throws<ImportException>(() => TableReader.Detect(path, Options));

        Assert.Equal("file_corrupt", ex.Code);
        Assert.Contains("Record 2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[{\"a\":[1,2]}]")]
    [InlineData("{\"a\":1,\"list\":[1,2]}\n")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"data\":[{\"a\":1}],\"more\":[{\"a\":2}]}")]
    public void Detect_ListsAndNonObjects_UnsupportedStructure(string text)
    {
        var path = Write(text);

        var ex = Assert.Throws<ImportException>(() => TableReader.Detect(path, Options));

        Assert.Equal("unsupported_structure", ex.Code);
    }

    [Fact]
    public void Detect_DeepNesting_UnsupportedStructureWithoutStackOverflow()
    {
        var path = Write("[{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 100_000)) + "1" + new string('}', 100_001) + "]");

        var ex = Assert.Throws<ImportException>(() => TableReader.Detect(path, Options));

        Assert.Equal("unsupported_structure", ex.Code);
        Assert.Contains("levels deep", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Detect_HugeString_FieldTooLarge(bool escaped)
    {
        var huge = escaped ? string.Concat(Enumerable.Repeat("\\u0041", 5000)) : new string('x', 5000);
        var path = Write("[{\"a\":\"short\"},{\"a\":\"" + huge + "\"}]");

        var ex = Assert.Throws<ImportException>(() => TableReader.Detect(path, Options));

        Assert.Equal("field_too_large", ex.Code);
    }

    [Fact]
    public void Detect_StringFarPastTheBuffer_FieldTooLargeWithBoundedMemory()
    {
        // 64 MiB in one string; the limit is 4,096 characters, so the buffer stops near 12 KiB + 64 KiB.
        var path = Path.Combine(_folder, "huge.json");
        using (var file = File.Create(path))
        {
            file.Write("[{\"a\":\""u8);
            var chunk = Encoding.ASCII.GetBytes(new string('x', 1 << 20));
            for (var i = 0; i < 64; i++)
            {
                file.Write(chunk);
            }

            file.Write("\"}]"u8);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ImportException>(() => TableReader.Detect(path, Options));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal("field_too_large", ex.Code);
        Assert.True(allocated < 4L * 1024 * 1024, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void Detect_TooManyRecords_TooManyRows()
    {
        var path = Write(string.Concat(Enumerable.Repeat("{\"a\":1}\n", 2001)));

        var ex = Assert.Throws<ImportException>(() => TableReader.Detect(path, Options));

        Assert.Equal("too_many_rows", ex.Code);
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-16be-bom")]
    [InlineData("utf-16le")]
    public void Detect_BomAndUtf16_ReadAsJson(string encoding)
    {
        const string text = "[{\"fuel\":\"Gasöl\",\"litres\":12.5}]";
        byte[] bytes = encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            _ => Encoding.Unicode.GetBytes(text),
        };
        var path = Path.Combine(_folder, encoding + ".json");
        File.WriteAllBytes(path, bytes);

        var layout = TableReader.Detect(path, Options);
        var row = Assert.Single(TableReader.Read(path, layout, Options));

        Assert.Equal("json", layout.Format);
        Assert.Equal(["Gasöl", "12.5"], row.Cells);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"data\":[]}")]
    [InlineData("  \n ")]
    public void Analyze_NoRecords_EmptyFile(string text)
    {
        var path = Write(text);

        var ex = Assert.Throws<ImportException>(() => new ImportProcessor(Options, null).Analyze(path, new Dictionary<string, string>(), null));

        Assert.Equal("empty_file", ex.Code);
    }

    [Fact]
    public void Scan_JsonRecords_MappedAndConvertedLikeCsv()
    {
        var path = Write("""
            {"records":[
              {"date":"05/01/2024","fuel":"diesel","litres":"1234.5","unit":"litres"},
              {"date":"06/01/2024","fuel":"diesel","litres":12.5,"unit":"litres"},
              {"date":"07/01/2024","fuel":"diesel","litres":"lots","unit":"litres"}
            ]}
            """);
        var processor = new ImportProcessor(Options, null);

        var analysis = processor.Analyze(path, new Dictionary<string, string>(), null);
        var rows = new List<ConvertedRow>();
        var summary = processor.Scan(path, analysis.Layout, analysis.Mapping, analysis.Notes, null, 5, rows.Add, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["date", "fuel", "litres", "unit"], analysis.Layout.Headers);
        Assert.Null(analysis.Layout.HeaderRow);
        Assert.Equal("date", analysis.Mapping.Columns[0].Field);
        Assert.Equal("amount", analysis.Mapping.Columns[2].Field);
        Assert.Equal(3, summary.Rows);
        Assert.DoesNotContain(rows[0].Issues, i => i.Code == "not_a_number");
        Assert.DoesNotContain(rows[1].Issues, i => i.Code == "not_a_number");
        Assert.Contains(rows[2].Issues, i => i.Code == "not_a_number" && i.Row == 3 && i.Column == "litres");
    }

    private string Write(string text)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
