using System.Net;
using System.Text;
using Microsoft.Playwright;
using static FactorTrace.Server.Tests.ApiCalls;

namespace FactorTrace.Server.Tests.Web;

/// <summary>
/// The import wizard in Chromium against the real service: a messy German file (semicolons, decimal commas, day-first
/// dates, a misspelt unit) dropped on the upload field, its detected layout and mapping, a column remapped and saved as a
/// template, the invalid cell highlighted and fixed inline, the commit seen on the API, the template applied to the next
/// upload and a corrected file uploaded over it, the roll back from the history; a viewer gets no upload and its POST is refused. axe-core and a screenshot on
/// each step.
/// </summary>
public abstract class ImportWizardTests(ServiceInstance service, BrowserFixture browser, string database)
{
    private const string MessyCsv =
        "Datum;Standort;Beschreibung;Menge;Einheit;Kostenstelle\n" +
        "15.03.2024;Köln;Diesel;1.234,56;L;KS-100\n" +
        "31.03.2024;Köln;Diesel;100,5;L;KS-100\n" +
        "05.04.2024;Berlin;Diesel;12,0;Litr;KS-200\n" +
        "20.04.2024;Berlin;Diesel;80;L;KS-200\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Wizard_MessyGermanFile_MappedFixedCommittedSeenOnTheApiThenRolledBack()
    {
        var (slug, admin) = await TenantAsync("wiz");
        await using var user = await browser.OpenAsync(service);
        await user.SignInAsync($"admin@{slug}.test", ServiceInstance.AdminPassword);
        var page = user.Page;

        // 1. Upload: the file is dropped on the field (the page's script puts it into the file input).
        await page.GotoAsync("/imports");
        await Assertions.Expect(page.GetByText("No imports yet.")).ToBeVisibleAsync();
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-import-upload");
        await DropFileAsync(page, "[data-dropzone]", "energie.csv", MessyCsv);
        Assert.Equal("energie.csv", await page.Locator("#file").EvaluateAsync<string>("i => i.files[0].name"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/imports/", StringComparison.Ordinal));
        var id = page.Url.Split('/')[^1].Split('?')[0];

        // 2. The detected layout and mapping: semicolons, decimal commas, day-first dates, German headers.
        await Assertions.Expect(page.GetByTestId("layout")).ToContainTextAsync("separated by “;”");
        await Assertions.Expect(page.GetByLabel("Field of Datum", new() { Exact = true })).ToHaveValueAsync("date");
        await Assertions.Expect(page.GetByLabel("Date order of Datum", new() { Exact = true })).ToHaveValueAsync("dmy");
        await Assertions.Expect(page.GetByLabel("Field of Menge", new() { Exact = true })).ToHaveValueAsync("amount");
        await Assertions.Expect(page.GetByLabel("Number format of Menge", new() { Exact = true })).ToHaveValueAsync("eu");
        await Assertions.Expect(page.GetByLabel("Field of Einheit", new() { Exact = true })).ToHaveValueAsync("unit");
        await Assertions.Expect(page.GetByTestId("invalid")).ToHaveTextAsync("1");

        // 3. The misspelt unit is highlighted with its error in words, the other cells are not.
        var bad = page.Locator("td[data-cell='4:Einheit']");
        await Assertions.Expect(bad).ToHaveClassAsync("invalid");
        await Assertions.Expect(bad).ToContainTextAsync("Error:");
        await Assertions.Expect(bad).ToContainTextAsync("Litr");
        await Assertions.Expect(page.Locator("td[data-cell='2:Einheit']")).Not.ToHaveClassAsync("invalid");
        await Assertions.Expect(page.Locator("table.preview td.invalid")).ToHaveCountAsync(1);
        Assert.Equal("1.234,56", (await page.Locator("td[data-cell='2:Menge'] .raw").TextContentAsync())?.Trim());
        await Assertions.Expect(page.Locator("td[data-cell='2:Menge']")).ToContainTextAsync("1234.56");
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-import-mapping-preview");

        // 4. A column remapped (the cost centre becomes the notes) and the mapping saved as a template.
        await page.GetByLabel("Field of Kostenstelle", new() { Exact = true }).SelectOptionAsync("notes");
        await page.GetByLabel("Save as template (optional name)").FillAsync("Energie DE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply mapping and check again" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Mapping changed");
        await Assertions.Expect(page.GetByLabel("Field of Kostenstelle", new() { Exact = true })).ToHaveValueAsync("notes");
        await Assertions.Expect(page.Locator("tr[data-column='Kostenstelle']")).ToContainTextAsync("user");
        await Assertions.Expect(page.GetByTestId("import-status")).ToContainTextAsync("template Energie DE");
        var templates = await SendAsync(admin, HttpMethod.Get, "/api/v1/mapping-templates", null, HttpStatusCode.OK);
        Assert.Contains(templates.GetProperty("items").EnumerateArray(), t => t.GetProperty("name").GetString() == "Energie DE");
        await user.AssertAccessibleAsync();

        // 5. The invalid cell fixed inline: every row valid.
        var fix = page.GetByLabel("Fix row 4, Einheit", new() { Exact = true });
        await Assertions.Expect(fix).ToHaveValueAsync("Litr");
        await fix.FillAsync("L");
        await page.GetByRole(AriaRole.Button, new() { Name = "Fix row 4, Einheit" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Cell corrected");
        await Assertions.Expect(page.GetByTestId("invalid")).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByTestId("valid")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator("table.preview td.invalid")).ToHaveCountAsync(0);
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-import-fixed");

        // 6. Commit (its progress is polled by the page's script); the records are on the API.
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit 4 rows" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Committed");
        await Assertions.Expect(page.GetByTestId("import-status")).ToContainTextAsync("committed");
        await Assertions.Expect(page.GetByTestId("committed")).ToHaveTextAsync("4");
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-import-committed");
        var polled = await page.APIRequest.GetAsync($"/imports/{id}?handler=Progress");
        Assert.Equal(200, polled.Status);
        Assert.Equal("committed", (await polled.JsonAsync())!.Value.GetProperty("status").GetString());
        var records = await SendAsync(admin, HttpMethod.Get, $"/api/v1/activities?import_id={id}", null, HttpStatusCode.OK);
        Assert.Equal(4, records.GetProperty("total").GetInt32());
        var items = records.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, r => Math.Abs(r.GetProperty("amount").GetDouble() - 1234.56) < 1e-9 && r.GetProperty("unit").GetString() == "L"
            && r.GetProperty("date").GetString() == "2024-03-15" && r.GetProperty("notes").GetString() == "KS-100" && r.GetProperty("site").GetString() == "Köln");
        Assert.Contains(items, r => Math.Abs(r.GetProperty("amount").GetDouble() - 12) < 1e-9 && r.GetProperty("unit").GetString() == "L" && r.GetProperty("date").GetString() == "2024-04-05");

        // 7. The saved template applied to the next upload.
        await page.GotoAsync("/imports");
        await page.GetByLabel("File (CSV, TSV or XLSX)").SetInputFilesAsync(new FilePayload
        {
            Name = "energie-mai.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(MessyCsv.Replace("2024", "2025", StringComparison.Ordinal)),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/imports/", StringComparison.Ordinal) && !url.EndsWith(id, StringComparison.Ordinal));
        await page.GetByLabel("Saved template", new() { Exact = true }).SelectOptionAsync("Energie DE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply template" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Template applied");
        await Assertions.Expect(page.GetByTestId("import-status")).ToContainTextAsync("template Energie DE");
        await Assertions.Expect(page.GetByLabel("Field of Kostenstelle", new() { Exact = true })).ToHaveValueAsync("notes");

        // A corrected file instead of a cell fix: the mapping is kept, the misspelt unit gone.
        await Assertions.Expect(page.GetByTestId("invalid")).ToHaveTextAsync("1");
        await page.GetByLabel("Corrected file").SetInputFilesAsync(new FilePayload
        {
            Name = "energie-mai-korrigiert.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(MessyCsv.Replace("2024", "2025", StringComparison.Ordinal).Replace("Litr", "L", StringComparison.Ordinal)),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload corrected file" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Corrected file uploaded");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import: energie-mai-korrigiert.csv" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("invalid")).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByLabel("Field of Kostenstelle", new() { Exact = true })).ToHaveValueAsync("notes");
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-import-reuploaded");

        // 8. The history: the committed import rolled back, its records gone.
        await page.GotoAsync("/imports");
        var row = page.Locator($"tr[data-import='{id}']");
        await Assertions.Expect(row).ToContainTextAsync("committed");
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-import-history");
        await row.GetByRole(AriaRole.Button, new() { Name = "Roll back" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("4 records deleted");
        await Assertions.Expect(page.Locator($"tr[data-import='{id}']")).ToContainTextAsync("rolled back");
        await Assertions.Expect(page.Locator($"tr[data-import='{id}']").GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        records = await SendAsync(admin, HttpMethod.Get, $"/api/v1/activities?import_id={id}", null, HttpStatusCode.OK);
        Assert.Equal(0, records.GetProperty("total").GetInt32());
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-import-rolled-back");
    }

    [Fact]
    public async Task Viewer_NoUploadNoCommitNoRollBack_AndThePostIsRefused()
    {
        var (slug, admin) = await TenantAsync("wiz-v");
        using (var upload = new MultipartFormDataContent())
        {
            upload.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(MessyCsv)), "file", "energie.csv");
            using var created = await admin.PostAsync("/api/v1/imports", upload, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var importId = (await SendAsync(admin, HttpMethod.Get, "/api/v1/imports", null, HttpStatusCode.OK)).GetProperty("items")[0].GetProperty("id").GetString();
        var email = $"viewer@{slug}.test";
        await SendAsync(admin, HttpMethod.Post, "/api/v1/users", new { email, password = ServiceInstance.AdminPassword, role = "viewer" }, HttpStatusCode.Created);
        await using var user = await browser.OpenAsync(service);
        await user.SignInAsync(email, ServiceInstance.AdminPassword);
        var page = user.Page;

        await page.GotoAsync("/imports");
        await Assertions.Expect(page.GetByTestId("history")).ToContainTextAsync("energie.csv");
        await Assertions.Expect(page.GetByTestId("upload-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Discard" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("Your role can see imports but not upload")).ToBeVisibleAsync();
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-import-viewer");

        await page.GotoAsync($"/imports/{importId}");
        await Assertions.Expect(page.GetByTestId("commit-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Apply mapping and check again" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("Field of Menge", new() { Exact = true })).ToBeDisabledAsync();
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-import-viewer-detail");

        // The POSTs themselves are refused, with a valid anti-forgery token (the sign-out form's).
        var token = await page.Locator("input[name='__RequestVerificationToken']").First.GetAttributeAsync("value");
        var form = page.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token!);
        form.Set("file", new FilePayload { Name = "energie.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(MessyCsv) });
        var refused = await page.APIRequest.PostAsync("/imports?handler=Upload", new() { Multipart = form, MaxRedirects = 0 });
        Assert.Equal(302, refused.Status);
        Assert.StartsWith("/forbidden", refused.Headers["location"], StringComparison.Ordinal);
        var commit = page.APIRequest.CreateFormData();
        commit.Set("__RequestVerificationToken", token!);
        var refusedCommit = await page.APIRequest.PostAsync($"/imports/{importId}?handler=Commit", new() { Multipart = commit, MaxRedirects = 0 });
        Assert.Equal(302, refusedCommit.Status);
        Assert.StartsWith("/forbidden", refusedCommit.Headers["location"], StringComparison.Ordinal);

        var imports = await SendAsync(admin, HttpMethod.Get, "/api/v1/imports", null, HttpStatusCode.OK);
        Assert.Equal(1, imports.GetProperty("total").GetInt32());
        Assert.Equal("validated", imports.GetProperty("items")[0].GetProperty("status").GetString());
    }

    /// <summary>Drops a text file on an element the way a browser does (a drop event carrying a DataTransfer with the file).</summary>
    private static async Task DropFileAsync(IPage page, string selector, string name, string content) =>
        await page.Locator(selector).First.EvaluateAsync(
            "(zone, f) => { const dt = new DataTransfer(); dt.items.add(new File([f.content], f.name, { type: 'text/csv' }));"
            + " zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));"
            + " zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true })); }",
            new { name, content });

    private Task<(string Slug, HttpClient Admin)> TenantAsync(string prefix) => service.TenantAdminAsync(prefix);

}

/// <summary>On the embedded default.</summary>
public sealed class SqliteImportWizardTests(SqliteServiceFixture service, BrowserFixture browser)
    : ImportWizardTests(service.Service, browser, "sqlite"), IClassFixture<SqliteServiceFixture>, IClassFixture<BrowserFixture>;

/// <summary>On PostgreSQL with row-level security alone between tenants.</summary>
public sealed class PostgresImportWizardTests(PostgresRlsOnlyFixture service, BrowserFixture browser)
    : ImportWizardTests(service.Service, browser, "postgres"), IClassFixture<PostgresRlsOnlyFixture>, IClassFixture<BrowserFixture>;
