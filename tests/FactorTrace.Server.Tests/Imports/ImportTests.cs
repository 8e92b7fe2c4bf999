using System.Net;
using System.Text;
using System.Text.Json;
using static FactorTrace.Server.Tests.Imports.ImportClient;

namespace FactorTrace.Server.Tests.Imports;

/// <summary>The importer over HTTP: a messy file in, validated records out, fixed, committed atomically and rolled back.</summary>
public abstract class ImportTests(ServiceInstance service)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Title rows above the header, semicolons, EU decimals, day-first dates, unit aliases, a refund in parentheses,
    // a zero, a NaN, an unknown unit and a ragged row.
    internal const string MessyCsv =
        "Site energy report FY2024;;;;;\n" +
        "Generated 2025-01-05;;;;;\n" +
        ";;;;;\n" +
        "Date;Description;Quantity;Unit;Site;Notes\n" +
        "15/03/2024;Diesel;1.234,56;litres;Leeds;first\n" +
        "31/03/2024;Natural gas;100;m³;York;\n" +
        "01/04/2024;Diesel;(100);L;Leeds;refund\n" +
        "02/04/2024;Diesel;0;L;Leeds;zero\n" +
        "03/04/2024;Diesel;NaN;L;Leeds;nan\n" +
        "04/04/2024;Diesel;12;furlongs;Leeds;bad unit\n" +
        "05/04/2024;Electricity;5.000;kWh;York;;extra\n";

    private readonly ServiceInstance _service = service;

    [Fact]
    public async Task Upload_MessyCsv_DetectsLayoutFormatsAndMapping_AndCountsValidAndInvalid()
    {
        using var client = await TenantClientAsync("messy");
        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes(MessyCsv), "energy.csv");

        var layout = import.GetProperty("layout");
        Assert.Equal("csv", layout.GetProperty("format").GetString());
        Assert.Equal(";", layout.GetProperty("delimiter").GetString());
        Assert.Equal(4, layout.GetProperty("header_row").GetInt64());
        var summary = import.GetProperty("summary");
        Assert.Equal(7, summary.GetProperty("rows").GetInt64());
        Assert.Equal(5, summary.GetProperty("valid").GetInt64());
        Assert.Equal(2, summary.GetProperty("invalid").GetInt64());
        Assert.True(summary.GetProperty("warnings").GetInt64() >= 1);

        var fields = Fields(import);
        Assert.Equal("Date", fields["date"].GetProperty("header").GetString());
        Assert.Equal("dmy", fields["date"].GetProperty("date_order").GetString());
        Assert.Equal("Quantity", fields["amount"].GetProperty("header").GetString());
        Assert.Equal("eu", fields["amount"].GetProperty("number_format").GetString());
        Assert.Equal("Unit", fields["unit"].GetProperty("header").GetString());
        Assert.Equal("Description", fields["description"].GetProperty("header").GetString());
        Assert.Equal("Site", fields["site"].GetProperty("header").GetString());
        Assert.Equal("exact", fields["unit"].GetProperty("method").GetString());

        var preview = import.GetProperty("preview").EnumerateArray().ToList();
        var first = preview[0].GetProperty("record");
        Assert.Equal(5, preview[0].GetProperty("row").GetInt64());
        Assert.Equal(1234.56, first.GetProperty("amount").GetDouble(), 1e-9);
        Assert.Equal("L", first.GetProperty("unit").GetString());
        Assert.Equal("2024-03-15", first.GetProperty("date").GetString());
        Assert.Equal("fuel.diesel", first.GetProperty("activity_id").GetString());
        var matched = preview[0].GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "description");
        Assert.Equal("matched", matched.GetProperty("status").GetString());
        Assert.Equal("m3", preview[1].GetProperty("record").GetProperty("unit").GetString());
        Assert.Equal(-100, preview[2].GetProperty("record").GetProperty("amount").GetDouble());
        Assert.Equal(0, preview[3].GetProperty("record").GetProperty("amount").GetDouble());
        Assert.Equal("invalid", preview[4].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, preview[4].GetProperty("record").ValueKind);
        Assert.Equal(5000, preview[6].GetProperty("record").GetProperty("amount").GetDouble());
    }

    [Fact]
    public async Task Errors_JsonAndCsv_SameStructuredIssues()
    {
        using var client = await TenantClientAsync("errors");
        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes(MessyCsv), "energy.csv");
        var id = import.GetProperty("id").GetString();

        var errors = await OkAsync(client, HttpMethod.Get, $"/api/v1/imports/{id}/errors");
        var issues = errors.GetProperty("issues").EnumerateArray().ToList();
        var nan = issues.Single(i => i.GetProperty("code").GetString() == "not_a_number");
        Assert.Equal(9, nan.GetProperty("row").GetInt64());
        Assert.Equal("Quantity", nan.GetProperty("column").GetString());
        Assert.Equal("NaN", nan.GetProperty("value").GetString());
        Assert.Equal("error", nan.GetProperty("severity").GetString());
        Assert.False(string.IsNullOrEmpty(nan.GetProperty("message").GetString()));
        var unit = issues.Single(i => i.GetProperty("code").GetString() == "unknown_unit");
        Assert.Equal(10, unit.GetProperty("row").GetInt64());
        Assert.Equal("Unit", unit.GetProperty("column").GetString());
        var ragged = issues.Single(i => i.GetProperty("code").GetString() == "ragged_row");
        Assert.Equal(11, ragged.GetProperty("row").GetInt64());
        Assert.Equal("warning", ragged.GetProperty("severity").GetString());
        Assert.Equal(issues.Count, errors.GetProperty("total").GetInt32());

        var onlyErrors = await OkAsync(client, HttpMethod.Get, $"/api/v1/imports/{id}/errors?severity=error");
        Assert.Equal(2, onlyErrors.GetProperty("total").GetInt32());

        var csv = await CsvAsync(client, $"/api/v1/imports/{id}/errors");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,column,value,code,severity,message,suggestion", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("10,Unit,furlongs,unknown_unit,error,", StringComparison.Ordinal));
        Assert.Equal(issues.Count + 1, lines.Length);
    }

    [Fact]
    public async Task PatchCommitRollback_FixedCellRevalidated_CommitAtomic_DuplicateRefused_RollbackRemovesRecords()
    {
        using var client = await TenantClientAsync("commit");
        var bytes = Encoding.UTF8.GetBytes(MessyCsv);
        var import = await UploadOkAsync(client, bytes, "energy.csv");
        var id = import.GetProperty("id").GetString()!;

        var patched = await OkAsync(client, HttpMethod.Patch, $"/api/v1/imports/{id}/cells", new { cells = new[] { new { row = 10, column = "Unit", value = "L" } } });
        Assert.Equal(6, patched.GetProperty("summary").GetProperty("valid").GetInt64());
        Assert.Equal(1, patched.GetProperty("summary").GetProperty("invalid").GetInt64());

        var commit = await OkAsync(client, HttpMethod.Post, $"/api/v1/imports/{id}/commit");
        Assert.Equal(6, commit.GetProperty("stored").GetInt64());
        Assert.Equal(1, commit.GetProperty("skipped_invalid").GetInt64());
        var records = await RecordsAsync(client, id);
        Assert.Equal(6, records.Count);
        Assert.Contains(records, r => r.GetProperty("amount").GetDouble() == -100 && r.GetProperty("notes").GetString() == "refund");
        Assert.Contains(records, r => r.GetProperty("amount").GetDouble() == 12 && r.GetProperty("unit").GetString() == "L");
        Assert.Contains(records, r => r.GetProperty("amount").GetDouble() == 5000 && r.GetProperty("unit").GetString() == "kWh" && r.GetProperty("site").GetString() == "York");
        Assert.Equal("committed", (await OkAsync(client, HttpMethod.Get, $"/api/v1/imports/{id}")).GetProperty("status").GetString());

        var (again, _) = await SendAsync(client, HttpMethod.Post, $"/api/v1/imports/{id}/commit");
        Assert.Equal(HttpStatusCode.Conflict, again);

        var second = await UploadOkAsync(client, bytes, "energy-again.csv");
        var secondId = second.GetProperty("id").GetString()!;
        Assert.Contains(second.GetProperty("duplicates").EnumerateArray(), d => d.GetProperty("id").GetString() == id && d.GetProperty("status").GetString() == "committed");
        var (duplicate, problem) = await SendAsync(client, HttpMethod.Post, $"/api/v1/imports/{secondId}/commit");
        Assert.Equal(HttpStatusCode.Conflict, duplicate);
        Assert.Equal("duplicate_import", problem.GetProperty("code").GetString());

        var rollback = await OkAsync(client, HttpMethod.Delete, $"/api/v1/imports/{id}");
        Assert.Equal(6, rollback.GetProperty("deleted").GetInt64());
        Assert.Equal("rolled_back", rollback.GetProperty("status").GetString());
        Assert.Empty(await RecordsAsync(client, id));
        var (twice, _) = await SendAsync(client, HttpMethod.Delete, $"/api/v1/imports/{id}");
        Assert.Equal(HttpStatusCode.Conflict, twice);

        var strict = await SendAsync(client, HttpMethod.Post, $"/api/v1/imports/{secondId}/commit?strict=true");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, strict.Status);
        Assert.Equal("import_has_errors", strict.Body.GetProperty("code").GetString());
        var secondCommit = await OkAsync(client, HttpMethod.Post, $"/api/v1/imports/{secondId}/commit");
        Assert.Equal(5, secondCommit.GetProperty("stored").GetInt64());
        Assert.Equal(5, (await RecordsAsync(client, secondId)).Count);
    }

    [Fact]
    public async Task CommitAndRollback_EachAuditedWithItsCounts()
    {
        using var client = await TenantClientAsync("audit");
        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes(MessyCsv), "audited.csv");
        var id = import.GetProperty("id").GetString()!;

        await OkAsync(client, HttpMethod.Post, $"/api/v1/imports/{id}/commit");
        await OkAsync(client, HttpMethod.Delete, $"/api/v1/imports/{id}");

        var events = (await OkAsync(client, HttpMethod.Get, "/api/v1/audit-events?limit=100")).EnumerateArray()
            .Where(e => e.GetProperty("resource_id").GetString() == id).ToDictionary(e => e.GetProperty("action").GetString()!, e => e.GetProperty("detail").GetString());
        Assert.Equal("5 records stored, 2 invalid rows skipped", events["import.commit"]);
        Assert.Equal("5 records deleted", events["import.rollback"]);
    }

    [Fact]
    public async Task Commit_Running_StatusEndpointShowsProgress()
    {
        using var client = await TenantClientAsync("progress");
        var csv = new StringBuilder("Date;Activity;Amount;Unit\n");
        for (var i = 0; i < 200_000; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{1 + (i % 28)}.02.2024;fuel.diesel;{i % 500},5;L\n");
        }

        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes(csv.ToString()), "big.csv");
        var id = import.GetProperty("id").GetString();
        var commit = SendAsync(client, HttpMethod.Post, $"/api/v1/imports/{id}/commit");
        long seen = 0;
        while (!commit.IsCompleted)
        {
            var status = await OkAsync(client, HttpMethod.Get, $"/api/v1/imports/{id}");
            if (status.GetProperty("progress") is { ValueKind: JsonValueKind.Object } progress)
            {
                Assert.Equal(200_000, progress.GetProperty("rows_total").GetInt64());
                seen = Math.Max(seen, progress.GetProperty("rows_done").GetInt64());
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await commit).Status);
        Assert.True(seen > 0, "no progress was seen while the commit ran");
        var done = await OkAsync(client, HttpMethod.Get, $"/api/v1/imports/{id}");
        Assert.Equal(JsonValueKind.Null, done.GetProperty("progress").ValueKind);
        Assert.Equal(200_000, done.GetProperty("committed").GetInt64());
    }

    [Fact]
    public async Task Mapping_EditedSavedAsTemplate_ReusedByTemplateAndByHistory()
    {
        using var client = await TenantClientAsync("tmpl");
        const string odd = "When,What,How much,Measure,Where\n2024-01-05,diesel,10,L,Leeds\n2024-01-06,diesel,20,L,York\n";
        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes(odd), "odd.csv");
        var id = import.GetProperty("id").GetString();
        var remapped = await OkAsync(client, HttpMethod.Put, $"/api/v1/imports/{id}/mapping", new
        {
            columns = new object[]
            {
                new { column = "When", field = "date" },
                new { column = "What", field = "description" },
                new { column = "How much", field = "amount" },
                new { column = "Measure", field = "unit" },
                new { column = "Where", field = "site" },
            },
            defaults = new Dictionary<string, string> { ["region"] = "GB" },
            save_as_template = "odd-export",
        });
        Assert.Equal(2, remapped.GetProperty("summary").GetProperty("valid").GetInt64());
        Assert.Equal("user", Fields(remapped)["site"].GetProperty("method").GetString());
        Assert.Equal("GB", remapped.GetProperty("preview")[0].GetProperty("record").GetProperty("region").GetString());

        var templates = await OkAsync(client, HttpMethod.Get, "/api/v1/mapping-templates");
        Assert.Contains(templates.GetProperty("items").EnumerateArray(), t => t.GetProperty("name").GetString() == "odd-export");

        var withTemplate = await UploadOkAsync(client, Encoding.UTF8.GetBytes(odd.Replace("10,L", "11,L", StringComparison.Ordinal)), "odd2.csv", "odd-export");
        Assert.Equal("template", Fields(withTemplate)["site"].GetProperty("method").GetString());
        Assert.Equal(2, withTemplate.GetProperty("summary").GetProperty("valid").GetInt64());

        var fromHistory = await UploadOkAsync(client, Encoding.UTF8.GetBytes(odd.Replace("10,L", "12,L", StringComparison.Ordinal)), "odd3.csv");
        Assert.Equal("history", Fields(fromHistory)["site"].GetProperty("method").GetString());
        Assert.Equal("Where", Fields(fromHistory)["site"].GetProperty("header").GetString());

        var (missing, problem) = await UploadAsync(client, Encoding.UTF8.GetBytes(odd), "odd.csv", "no-such-template");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing);
        Assert.Equal("template_not_found", problem.GetProperty("code").GetString());
        var (badField, badProblem) = await SendAsync(client, HttpMethod.Put, $"/api/v1/imports/{id}/mapping", new { columns = new[] { new { column = "When", field = "colour" } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badField);
        Assert.Equal("invalid_mapping", badProblem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AmbiguousDates_ReportedThenResolvedByMapping_AndReuploadRevalidates()
    {
        using var client = await TenantClientAsync("dates");
        const string ambiguous = "Date,Amount,Unit,Activity\n03/04/2024,1,L,fuel.diesel\n05/06/2024,2,L,fuel.diesel\n07/08/2024,3,gallonz,fuel.diesel\n";
        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes(ambiguous), "dates.csv");
        var id = import.GetProperty("id").GetString();
        Assert.Contains(import.GetProperty("notes").EnumerateArray(), n => n.GetProperty("code").GetString() == "ambiguous_date_order" && n.GetProperty("column").GetString() == "Date");
        Assert.Equal("2024-04-03", import.GetProperty("preview")[0].GetProperty("record").GetProperty("date").GetString());
        Assert.Equal(1, import.GetProperty("summary").GetProperty("invalid").GetInt64());

        var monthFirst = await OkAsync(client, HttpMethod.Put, $"/api/v1/imports/{id}/mapping", new { columns = new[] { new { column = "Date", field = "date", date_order = "mdy" } } });
        Assert.Equal("2024-03-04", monthFirst.GetProperty("preview")[0].GetProperty("record").GetProperty("date").GetString());
        Assert.Empty(monthFirst.GetProperty("notes").EnumerateArray());

        // A corrected file replaces the upload; the mapping (month first) is kept by header.
        var (status, fixedFile) = await UploadAsync(client, Encoding.UTF8.GetBytes(ambiguous.Replace("gallonz", "L", StringComparison.Ordinal)), "dates-fixed.csv", path: $"/api/v1/imports/{id}/file", method: HttpMethod.Put);
        Assert.True(status == HttpStatusCode.OK, fixedFile.ToString());
        Assert.Equal(0, fixedFile.GetProperty("summary").GetProperty("invalid").GetInt64());
        Assert.Equal("dates-fixed.csv", fixedFile.GetProperty("file_name").GetString());
        Assert.Equal("2024-03-04", fixedFile.GetProperty("preview")[0].GetProperty("record").GetProperty("date").GetString());
    }

    [Fact]
    public async Task Upload_EachEncodingAndXlsx_ReadsTheSameValues()
    {
        using var client = await TenantClientAsync("enc");
        const string text = "Date\tSite\tAmount\tUnit\tActivity\n2024-02-01\tCafé Zürich\t1,5\tm³\tfuel.natural-gas\n";
        var files = new Dictionary<string, byte[]>
        {
            ["utf8-bom"] = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            ["utf8"] = Encoding.UTF8.GetBytes(text),
            ["utf16le"] = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            ["utf16be"] = [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            ["utf16le-nobom"] = Encoding.Unicode.GetBytes(text),
            ["windows-1252"] = CodePages.GetBytes(1252, text),
            ["xlsx"] = XlsxFile.Create([["Date", "Site", "Amount", "Unit", "Activity"], ["2024-02-01", "Café Zürich", 1.5, "m³", "fuel.natural-gas"]]),
        };
        foreach (var (name, bytes) in files)
        {
            var import = await UploadOkAsync(client, bytes, name + (name == "xlsx" ? ".xlsx" : ".tsv"));
            Assert.True(1 == import.GetProperty("summary").GetProperty("valid").GetInt64(), $"{name}: {import}");
            var record = import.GetProperty("preview")[0].GetProperty("record");
            Assert.Equal("Café Zürich", record.GetProperty("site").GetString());
            Assert.Equal(1.5, record.GetProperty("amount").GetDouble());
            Assert.Equal("m3", record.GetProperty("unit").GetString());
            Assert.Equal("2024-02-01", record.GetProperty("date").GetString());
        }
    }

    [Fact]
    public async Task Upload_BrokenFiles_StructuredErrorsNever500()
    {
        using var client = await TenantClientAsync("broken");
        var xlsx = XlsxFile.Create([["Date", "Amount", "Unit", "Activity"], ["2024-01-01", 1, "L", "fuel.diesel"]]);
        var cases = new (string Name, byte[] Bytes, HttpStatusCode Status, string Code)[]
        {
            ("bomb.xlsx", XlsxFile.Bomb(64L * 1024 * 1024), HttpStatusCode.UnprocessableEntity, "zip_bomb"),
            ("truncated.xlsx", xlsx[..(xlsx.Length / 2)], HttpStatusCode.UnprocessableEntity, "file_corrupt"),
            ("empty.csv", [], HttpStatusCode.UnprocessableEntity, "empty_file"),
            ("blank.csv", Encoding.UTF8.GetBytes(" \n\n ,, \n"), HttpStatusCode.UnprocessableEntity, "empty_file"),
            ("image.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1], HttpStatusCode.UnprocessableEntity, "unsupported_format"),
        };
        foreach (var (name, bytes, status, code) in cases)
        {
            var (actual, body) = await UploadAsync(client, bytes, name);
            Assert.True(status == actual, $"{name}: {actual} {body}");
            Assert.Equal(code, body.GetProperty("code").GetString());
        }

        using var platform = _service.Client(await _service.TokenAsync());
        var metrics = await platform.GetStringAsync("/metrics", Ct);
        Assert.Contains("factortrace_imports_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("outcome=\"zip_bomb\"", metrics, StringComparison.Ordinal);

        using var notMultipart = await client.PostAsync("/api/v1/imports", new StringContent("a,b\n1,2\n", Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notMultipart.StatusCode);
        using var noFile = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        using var noFileResponse = await client.PostAsync("/api/v1/imports", noFile, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noFileResponse.StatusCode);

        // A 10 MB cell: that cell is reported (too long for a note); notes are optional, so the row imports without it.
        var huge = "Date,Amount,Unit,Activity,Notes\n2024-01-01,1,L,fuel.diesel,short\n2024-01-02,2,L,fuel.diesel,\"" + new string('x', 10 * 1024 * 1024) + "\"\n";
        var big = await UploadOkAsync(client, Encoding.UTF8.GetBytes(huge), "huge.csv");
        Assert.Equal(2, big.GetProperty("summary").GetProperty("valid").GetInt64());
        Assert.Equal(0, big.GetProperty("summary").GetProperty("invalid").GetInt64());
        var issues = await OkAsync(client, HttpMethod.Get, $"/api/v1/imports/{big.GetProperty("id").GetString()}/errors");
        var tooLong = issues.GetProperty("issues").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "too_long");
        Assert.Equal(3, tooLong.GetProperty("row").GetInt64());
        Assert.Equal("warning", tooLong.GetProperty("severity").GetString());
        Assert.True(tooLong.GetProperty("value").GetString()!.Length <= 201);
    }

    [Fact]
    public async Task Bodies_NullListItemsOrColumn_StructuredErrorsNever500()
    {
        // Found while fuzzing the JSON binders (docs/security.md): a list item or a column bound as null reached the endpoint.
        using var client = await TenantClientAsync("nulls");
        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes("Date,Amount,Unit\n2024-01-01,1,L\n"), "nulls.csv");
        var id = import.GetProperty("id").GetString();
        var cases = new (HttpMethod Method, string Path, object Body, HttpStatusCode Status, string Code)[]
        {
            (HttpMethod.Patch, $"/api/v1/imports/{id}/cells", new { cells = new object?[] { null } }, HttpStatusCode.BadRequest, "missing_field"),
            (HttpMethod.Put, $"/api/v1/imports/{id}/mapping", new { columns = new object?[] { null } }, HttpStatusCode.UnprocessableEntity, "invalid_mapping"),
            (HttpMethod.Put, $"/api/v1/imports/{id}/mapping", new { columns = new[] { new { column = (string?)null, field = "date" } } }, HttpStatusCode.UnprocessableEntity, "invalid_mapping"),
            (HttpMethod.Post, "/api/v1/mapping-templates", new { name = "t", mapping = new { columns = new object?[] { null } } }, HttpStatusCode.UnprocessableEntity, "invalid_mapping"),
        };
        foreach (var (method, path, body, status, code) in cases)
        {
            var (actual, problem) = await SendAsync(client, method, path, body);
            Assert.True(status == actual, $"{method} {path}: {actual} {problem}");
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task Upload_MalformedQuotes_FileCorruptNot500()
    {
        using var client = await TenantClientAsync("quotes");
        var (status, body) = await UploadAsync(client, "Date,Amount\n\"2024-01-01\"x,1\n"u8.ToArray(), "quotes.csv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("file_corrupt", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task RecordsExport_FormulaLikeTextNeutralized()
    {
        using var client = await TenantClientAsync("export");
        const string csv = "Date,Amount,Unit,Activity,Site,Notes\n2024-01-01,1,L,fuel.diesel,=HYPERLINK(\"x\"),@SUM(A1)\n2024-01-02,-2,L,fuel.diesel,+plus,-minus\n";
        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes(csv), "formulas.csv");
        var id = import.GetProperty("id").GetString()!;
        await OkAsync(client, HttpMethod.Post, $"/api/v1/imports/{id}/commit");
        var stored = await RecordsAsync(client, id);
        Assert.Contains(stored, r => r.GetProperty("site").GetString() == "=HYPERLINK(\"x\")");
        var export = await CsvAsync(client, $"/api/v1/imports/{id}/records");
        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\")\",", export, StringComparison.Ordinal);
        Assert.Contains(",'@SUM(A1)", export, StringComparison.Ordinal);
        Assert.Contains(",'+plus,", export, StringComparison.Ordinal);
        Assert.Contains(",'-minus", export, StringComparison.Ordinal);
        Assert.Contains(",-2,", export, StringComparison.Ordinal);

        // The XLSX export, read back by the importer's own spreadsheet reader.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/imports/{id}/records?format=xlsx");
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync(Ct), Ct);
        var options = new FactorTrace.Import.ImportOptions();
        var layout = FactorTrace.Import.Reading.TableReader.Detect(file, options);
        var rows = FactorTrace.Import.Reading.TableReader.Read(file, layout, options).ToList();
        File.Delete(file);
        Assert.Equal(3, rows.Count);
        var site = Array.IndexOf(rows[0].Cells, "site");
        var notes = Array.IndexOf(rows[0].Cells, "notes");
        Assert.Contains(rows, r => r.Cell(site) == "'=HYPERLINK(\"x\")" && r.Cell(notes) == "'@SUM(A1)");
        Assert.Contains(rows, r => r.Cell(site) == "'+plus" && r.Cell(notes) == "'-minus");
    }

    [Fact]
    public async Task Upload_CellsWithControlOrBidiCharacters_CellIssuesRowsNotImportableUntilFixed()
    {
        using var client = await TenantClientAsync("unsafe");
        const string csv = "Date,Amount,Unit,Activity,Site,Notes\r\n" +
            "2024-01-01,1,L,fuel.diesel,Leeds\u001b[2J,first\r\n" +
            "2024-01-02,2,L,fuel.diesel,York,\"two\nlines\"\r\n" +
            "2024-01-03,3,L,fuel.diesel,Hull,\u202Egnp.exe\r\n";
        // The file name is stored and shown, not refused: its bidi override becomes U+FFFD.
        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes(csv), "energy\u202Evsc.csv");
        var id = import.GetProperty("id").GetString();
        Assert.Equal("energy\uFFFDvsc.csv", import.GetProperty("file_name").GetString());
        var summary = import.GetProperty("summary");
        Assert.Equal((3L, 1L, 2L), (summary.GetProperty("rows").GetInt64(), summary.GetProperty("valid").GetInt64(), summary.GetProperty("invalid").GetInt64()));

        var issues = (await OkAsync(client, HttpMethod.Get, $"/api/v1/imports/{id}/errors")).GetProperty("issues").EnumerateArray()
            .Where(i => i.GetProperty("code").GetString() == "invalid_value").ToList();
        Assert.Equal([(2L, "Site"), (4L, "Notes")], issues.Select(i => (i.GetProperty("row").GetInt64(), i.GetProperty("column").GetString())));
        Assert.Equal("Site contains the control or bidirectional-override character U+001B (ESC) at position 6; remove it.", issues[0].GetProperty("message").GetString());
        Assert.Equal("Leeds\uFFFD[2J", issues[0].GetProperty("value").GetString());
        var errorsCsv = await CsvAsync(client, $"/api/v1/imports/{id}/errors");
        Assert.DoesNotContain('\u001b', errorsCsv);
        Assert.DoesNotContain('\u202E', errorsCsv);

        // Fixed by a patch of the cell and a value map of the note: then every row is stored, and nothing unsafe with it.
        await OkAsync(client, HttpMethod.Patch, $"/api/v1/imports/{id}/cells", new { cells = new[] { new { row = 2, column = "Site", value = "Leeds" } } });
        var fixedImport = await OkAsync(client, HttpMethod.Put, $"/api/v1/imports/{id}/mapping", new
        {
            values = new Dictionary<string, Dictionary<string, string>> { ["notes"] = new() { ["\u202Egnp.exe"] = "exe.png" } },
        });
        Assert.Equal(3, fixedImport.GetProperty("summary").GetProperty("valid").GetInt64());
        var commit = await OkAsync(client, HttpMethod.Post, $"/api/v1/imports/{id}/commit");
        Assert.Equal(3, commit.GetProperty("stored").GetInt32());
        var records = await RecordsAsync(client, id!);
        Assert.Equal(["Hull", "Leeds", "York"], records.Select(r => r.GetProperty("site").GetString()).Order(StringComparer.Ordinal));
        Assert.Contains(records, r => r.GetProperty("notes").GetString() == "two\nlines");
    }

    [Fact]
    public async Task MappingTemplates_NamesWithControlOrBidiCharacters_422NamingTheField()
    {
        using var client = await TenantClientAsync("unsafe-tpl");
        var (status, problem) = await SendAsync(client, HttpMethod.Post, "/api/v1/mapping-templates", new { name = "sap\u202Etropxe", mapping = new { columns = Array.Empty<object>() } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(("invalid_template", "name"), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
        Assert.Contains("U+202E (RLO)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes("Date,Amount,Unit,Activity\n2024-01-01,1,L,fuel.diesel\n"), "a.csv");
        var (saved, savedProblem) = await SendAsync(client, HttpMethod.Put, $"/api/v1/imports/{import.GetProperty("id").GetString()}/mapping", new { save_as_template = "bell\u0007" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, saved);
        Assert.Equal(("invalid_template", "save_as_template"), (savedProblem.GetProperty("code").GetString(), savedProblem.GetProperty("field").GetString()));

        var (defaults, defaultsProblem) = await SendAsync(client, HttpMethod.Put, $"/api/v1/imports/{import.GetProperty("id").GetString()}/mapping", new { defaults = new { site = "Leeds\u001b" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, defaults);
        Assert.Equal("invalid_mapping", defaultsProblem.GetProperty("code").GetString());
        Assert.Empty((await OkAsync(client, HttpMethod.Get, "/api/v1/mapping-templates")).GetProperty("items").EnumerateArray());
    }

    private async Task<HttpClient> TenantClientAsync(string prefix)
    {
        var (_, token) = await _service.CreateTenantAsync($"{prefix}-{Guid.NewGuid():N}"[..20]);
        return _service.Client(token);
    }
}

/// <summary>Code-page text for encoding tests.</summary>
internal static class CodePages
{
    static CodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static byte[] GetBytes(int codePage, string text) => Encoding.GetEncoding(codePage).GetBytes(text);
}

/// <summary>On the embedded default.</summary>
public sealed class SqliteImportTests(SqliteServiceFixture fixture) : ImportTests(fixture.Service), IClassFixture<SqliteServiceFixture>;

/// <summary>On PostgreSQL as the application role under row-level security (commit through binary COPY into a staging table).</summary>
public sealed class PostgresImportTests(PostgresRlsOnlyFixture fixture) : ImportTests(fixture.Service), IClassFixture<PostgresRlsOnlyFixture>;
