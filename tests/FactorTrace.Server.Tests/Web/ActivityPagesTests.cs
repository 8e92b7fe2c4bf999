using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using static FactorTrace.Server.Tests.ApiCalls;

namespace FactorTrace.Server.Tests.Web;

/// <summary>
/// The Activities and Calculations pages in Chromium against the real service: an editor creates, edits and deletes a
/// record (a refused quantity shown beside its field with everything typed kept, a stored script shown as text); a
/// viewer sees no edit buttons and a forged POST is refused; another tenant's ids are not found; a calculation run from
/// /calculations is listed with its totals and what it superseded. axe-core and a screenshot on every page.
/// </summary>
public abstract class ActivityPagesTests(ServiceInstance service, BrowserFixture browser, string database)
{
    private const string Script = "<script>alert(1)</script>";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static PageGetByLabelOptions Exact => new() { Exact = true };

    [Fact]
    public async Task Editor_CreatesEditsAndDeletesARecord_BadQuantityBesideItsFieldWithEverythingKept_ScriptShownAsText()
    {
        var (slug, admin) = await TenantAsync("act-ed");
        var email = await UserAsync(admin, slug, "editor");
        await using var user = await browser.OpenAsync(service);
        var dialogs = 0;
        user.Page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await user.SignInAsync(email, ServiceInstance.AdminPassword);

        await user.Page.GotoAsync("/activities");
        await Assertions.Expect(user.Page.GetByTestId("total")).ToContainTextAsync("0 records");
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-activities-empty");
        await user.Page.GetByRole(AriaRole.Link, new() { Name = "New record" }).ClickAsync();
        await user.Page.WaitForURLAsync(url => url.EndsWith("/activities/new", StringComparison.Ordinal));
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-activity-new");

        var page = user.Page;
        await page.GetByLabel("Activity id", Exact).FillAsync("fuel.diesel");
        await page.GetByLabel("Quantity", Exact).FillAsync("12,5");
        await page.GetByLabel("Unit", Exact).FillAsync("L");
        await page.GetByLabel("Date", Exact).FillAsync("2024-03-01");
        await page.GetByLabel("Site", Exact).FillAsync("Leeds");
        await page.GetByLabel("Region", Exact).FillAsync("GB");
        await page.GetByLabel("Notes", Exact).FillAsync(Script);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save record" }).ClickAsync();

        // Refused as every typed number is (12,5 is not read as 125), beside the field, and nothing typed is lost.
        var quantityError = page.GetByTestId("error-amount");
        await Assertions.Expect(quantityError).ToContainTextAsync("'12,5' is ambiguous");
        await Assertions.Expect(quantityError).ToContainTextAsync("did you mean 12.5?");
        await Assertions.Expect(page.GetByLabel("Quantity", Exact)).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Quantity", Exact)).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex("amount-error"));
        await Assertions.Expect(page.GetByLabel("Quantity", Exact)).ToHaveValueAsync("12,5");
        await Assertions.Expect(page.GetByLabel("Activity id", Exact)).ToHaveValueAsync("fuel.diesel");
        await Assertions.Expect(page.GetByLabel("Unit", Exact)).ToHaveValueAsync("L");
        await Assertions.Expect(page.GetByLabel("Date", Exact)).ToHaveValueAsync("2024-03-01");
        await Assertions.Expect(page.GetByLabel("Site", Exact)).ToHaveValueAsync("Leeds");
        await Assertions.Expect(page.GetByLabel("Notes", Exact)).ToHaveValueAsync(Script);
        Assert.Equal(0, (await ListAsync(admin)).GetProperty("total").GetInt32());
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-activity-new-invalid");

        // A rule of the API's own validation (a unit it does not know), beside the unit field with its suggestions.
        await page.GetByLabel("Quantity", Exact).FillAsync("12.5");
        await page.GetByLabel("Unit", Exact).FillAsync("litres of nothing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save record" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-unit")).ToContainTextAsync("Unknown unit 'litres of nothing'");
        await Assertions.Expect(page.GetByLabel("Quantity", Exact)).ToHaveValueAsync("12.5");

        await page.GetByLabel("Unit", Exact).FillAsync("L");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save record" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/activities/[0-9a-f-]{36}\\?saved=created$"));
        var id = new Uri(page.Url).Segments[^1];
        await Assertions.Expect(page.GetByTestId("amount")).ToHaveTextAsync("12.5 L");
        // The stored script is text: shown literally, never run, no element made of it.
        await Assertions.Expect(page.GetByTestId("notes")).ToHaveTextAsync(Script);
        Assert.Equal(0, await page.GetByTestId("notes").Locator("script").CountAsync());
        Assert.Equal(0, dialogs);
        var stored = await SendAsync(admin, HttpMethod.Get, $"/api/v1/activities/{id}", null, HttpStatusCode.OK);
        Assert.Equal(12.5, stored.GetProperty("amount").GetDouble());
        Assert.Equal(Script, stored.GetProperty("notes").GetString());
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-activity-detail");

        // The list shows it (the script as text there too, in its link only as the activity id).
        await page.GotoAsync("/activities?site=Leeds&from=2024-01-01&to=2024-12-31&scope=");
        await Assertions.Expect(page.GetByTestId("activities").Locator("tbody tr")).ToHaveCountAsync(1);
        await page.GotoAsync("/activities?site=York");
        await Assertions.Expect(page.GetByTestId("activities").Locator("tbody tr")).ToHaveCountAsync(0);

        await page.GotoAsync($"/activities/{id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Quantity", Exact)).ToHaveValueAsync("12.5");
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-activity-edit");
        await page.GetByLabel("Quantity", Exact).FillAsync("20");
        await page.GetByLabel("Site", Exact).FillAsync("York");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("?saved=updated", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("amount")).ToHaveTextAsync("20 L");
        await Assertions.Expect(page.GetByTestId("site")).ToHaveTextAsync("York");
        Assert.Equal(20, (await SendAsync(admin, HttpMethod.Get, $"/api/v1/activities/{id}", null, HttpStatusCode.OK)).GetProperty("amount").GetDouble());

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/delete", StringComparison.Ordinal));
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-activity-delete");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete record" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/activities?saved=deleted", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("deleted");
        await SendAsync(admin, HttpMethod.Get, $"/api/v1/activities/{id}", null, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Viewer_SeesNoEditButtons_AndForgedPostsAreRefused()
    {
        var (slug, admin) = await TenantAsync("act-view");
        var id = await RecordAsync(admin, "2024-02-01");
        var email = await UserAsync(admin, slug, "viewer");
        await using var user = await browser.OpenAsync(service);
        await user.SignInAsync(email, ServiceInstance.AdminPassword);
        var page = user.Page;

        await page.GotoAsync("/activities");
        await Assertions.Expect(page.GetByTestId("activities").Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "New record" })).ToHaveCountAsync(0);
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-activities-viewer");
        await page.GotoAsync($"/activities/{id}");
        await Assertions.Expect(page.GetByTestId("activity_id")).ToHaveTextAsync("fuel.diesel");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Edit" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Delete" })).ToHaveCountAsync(0);
        await page.GotoAsync("/calculations");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Run calculation" })).ToHaveCountAsync(0);
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-calculations-viewer");

        // The edit pages themselves say the role does not allow it.
        await page.GotoAsync($"/activities/{id}/edit");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();

        // Forged posts with the viewer's own valid anti-forgery token: refused by role, nothing changed.
        var token = await AntiforgeryTokenAsync(page);
        foreach (var (url, fields) in new (string, Dictionary<string, string>)[]
        {
            ($"/activities/{id}/delete", new()),
            ($"/activities/{id}/edit", new() { ["activity_id"] = "fuel.petrol", ["amount"] = "1", ["unit"] = "L", ["date"] = "2024-02-01" }),
            ("/activities/new", new() { ["activity_id"] = "fuel.petrol", ["amount"] = "1", ["unit"] = "L", ["date"] = "2024-02-01" }),
            ("/calculations/run", new() { ["from"] = "2024-01-01", ["to"] = "2024-12-31" }),
        })
        {
            var response = await PostFormAsync(page, url, token, fields);
            Assert.True(response.Status == 302 && response.Headers["location"].StartsWith("/forbidden", StringComparison.Ordinal), $"{url}: {response.Status} {response.Headers.GetValueOrDefault("location")}");
        }

        var list = await ListAsync(admin);
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal("fuel.diesel", list.GetProperty("items")[0].GetProperty("activity_id").GetString());
        Assert.Equal(0, (await SendAsync(admin, HttpMethod.Get, "/api/v1/calculations", null, HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task OtherTenantsIds_NotFound_AndTheirRecordCannotBeDeleted()
    {
        var (_, first) = await TenantAsync("act-a");
        var id = await RecordAsync(first, "2024-02-01");
        var run = (await SendAsync(first, HttpMethod.Post, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created)).GetProperty("id").GetString();

        var (other, _) = await TenantAsync("act-b");
        await using var user = await browser.OpenAsync(service);
        await user.SignInAsync($"admin@{other}.test", ServiceInstance.AdminPassword);
        foreach (var url in new[] { $"/activities/{id}", $"/activities/{id}/edit", $"/activities/{id}/delete", $"/calculations/{run}" })
        {
            var response = await user.Page.GotoAsync(url);
            Assert.True(response!.Status == 404, $"{url}: {response.Status}");
            await Assertions.Expect(user.Page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        }

        await user.AssertAccessibleAsync();
        var token = await AntiforgeryTokenAsync(user.Page);
        Assert.Equal(404, (await PostFormAsync(user.Page, $"/activities/{id}/delete", token, [])).Status);
        Assert.Equal(404, (await PostFormAsync(user.Page, $"/activities/{id}/edit", token,
            new() { ["activity_id"] = "fuel.petrol", ["amount"] = "1", ["unit"] = "L", ["date"] = "2024-02-01" })).Status);
        var still = await SendAsync(first, HttpMethod.Get, $"/api/v1/activities/{id}", null, HttpStatusCode.OK);
        Assert.Equal("fuel.diesel", still.GetProperty("activity_id").GetString());
        await user.Page.GotoAsync("/activities");
        await Assertions.Expect(user.Page.GetByTestId("activities").Locator("tbody tr")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task RunFromCalculationsPage_ListedWithTotalsSupersedesTheEarlierRun_RecordShowsItsResultAndFactorAnswer()
    {
        var (slug, admin) = await TenantAsync("act-run");
        var id = await RecordAsync(admin, "2024-03-01");
        await SendAsync(admin, HttpMethod.Post, "/api/v1/activities", new { activity_id = "electricity.grid", amount = 10000, unit = "kWh", date = "2024-03-31", site = "Leeds", region = "GB" }, HttpStatusCode.Created);
        var email = await UserAsync(admin, slug, "editor");
        await using var user = await browser.OpenAsync(service);
        await user.SignInAsync(email, ServiceInstance.AdminPassword);
        var page = user.Page;

        await page.GotoAsync("/calculations");
        await Assertions.Expect(page.GetByTestId("runs").Locator("tbody tr")).ToHaveCountAsync(0);
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-calculations-empty");

        // A period that ends before it starts: the API's own rule, beside the field, the dates kept.
        await page.GetByLabel("Period from", Exact).FillAsync("2024-12-31");
        await page.GetByLabel("Period to", Exact).FillAsync("2024-01-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run calculation" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/calculations/run", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#run-to-error")).ToHaveTextAsync("'to' is before 'from'.");
        await Assertions.Expect(page.GetByLabel("Period from", Exact)).ToHaveValueAsync("2024-12-31");
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-calculation-run-invalid");

        await page.GetByLabel("Period from", Exact).FillAsync("2024-01-01");
        await page.GetByLabel("Period to", Exact).FillAsync("2024-12-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run calculation" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/calculations/[0-9a-f-]{36}\\?started=1$"));
        var first = new Uri(page.Url).Segments[^1];
        var api = await SendAsync(admin, HttpMethod.Get, $"/api/v1/calculations/{first}", null, HttpStatusCode.OK);
        Assert.Equal("completed", api.GetProperty("status").GetString());
        Assert.Equal(2, api.GetProperty("records").GetInt32());
        Assert.True(api.GetProperty("total_kgco2e").GetDouble() > 0);
        await Assertions.Expect(page.GetByTestId("total-location")).ToHaveTextAsync(api.GetProperty("total_kgco2e").GetDouble().ToString("N3", System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("rows").Locator("tbody tr")).ToHaveCountAsync(3); // diesel, and grid electricity under both methods
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-calculation-detail");

        // A second run of the period supersedes the first; the list says so both ways.
        await page.GotoAsync("/calculations");
        await Assertions.Expect(page.GetByLabel("Period from", Exact)).ToHaveValueAsync("2024-01-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run calculation" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("?started=1", StringComparison.Ordinal) && !url.Contains(first, StringComparison.Ordinal));
        var second = new Uri(page.Url).Segments[^1];
        await page.GotoAsync("/calculations");
        var rows = page.GetByTestId("runs").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator($"tr[data-run='{second}'] td").Nth(8)).ToHaveTextAsync(first[^12..]);
        await Assertions.Expect(page.Locator($"tr[data-run='{first}'] td").Nth(9)).ToHaveTextAsync(second[^12..]);
        await Assertions.Expect(page.Locator($"tr[data-run='{first}'] td").Nth(1)).ToHaveTextAsync("completed");
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-calculations");

        // The run's dashboard link opens the dashboard of its period.
        await page.GotoAsync($"/calculations/{second}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard of 2024-01-01 to 2024-12-31" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/?from=2024-01-01&to=2024-12-31", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        // The record shows its latest result (the second run's) and the factor answer with its hash, as the API's rows do.
        var apiRows = await SendAsync(admin, HttpMethod.Get, $"/api/v1/emissions/records?run={second}", null, HttpStatusCode.OK);
        var diesel = apiRows.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("record_id").GetString() == id);
        await page.GotoAsync($"/activities/{id}");
        await Assertions.Expect(page.GetByTestId("kg").First).ToHaveTextAsync(diesel.GetProperty("kgco2e").GetDouble().ToString("N3", System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("answer-hash").First).ToHaveTextAsync(diesel.GetProperty("factor").GetProperty("provenance").GetProperty("sha256").GetString()!);
        await Assertions.Expect(page.GetByTestId("answer-source").First).ToHaveTextAsync(diesel.GetProperty("factor").GetProperty("source").GetString()!);
        await Assertions.Expect(page.Locator("section.run-result")).ToHaveCountAsync(2);
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-activity-detail-results");
        await page.GotoAsync("/activities");
        await Assertions.Expect(page.GetByTestId("activities").Locator($"a[href='/calculations/{second}']")).ToHaveCountAsync(2);
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-activities");
    }

    private static async Task<string> AntiforgeryTokenAsync(IPage page) =>
        (await page.Locator("header form input[name='__RequestVerificationToken']").GetAttributeAsync("value"))!;

    private static async Task<IAPIResponse> PostFormAsync(IPage page, string url, string token, Dictionary<string, string> fields)
    {
        var form = page.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return await page.APIRequest.PostAsync(url, new() { Form = form, MaxRedirects = 0 });
    }

    private static Task<JsonElement> ListAsync(HttpClient client) => SendAsync(client, HttpMethod.Get, "/api/v1/activities", null, HttpStatusCode.OK);

    private static async Task<string> RecordAsync(HttpClient client, string date) =>
        (await SendAsync(client, HttpMethod.Post, "/api/v1/activities", new { activity_id = "fuel.diesel", amount = 1000, unit = "L", date, site = "Leeds", region = "GB" }, HttpStatusCode.Created))
            .GetProperty("id").GetString()!;

    private static async Task<string> UserAsync(HttpClient admin, string slug, string role)
    {
        var email = $"{role}@{slug}.test";
        await SendAsync(admin, HttpMethod.Post, "/api/v1/users", new { email, password = ServiceInstance.AdminPassword, role }, HttpStatusCode.Created);
        return email;
    }

    private Task<(string Slug, HttpClient Admin)> TenantAsync(string prefix) => service.TenantAdminAsync(prefix);

}

/// <summary>On the embedded default.</summary>
public sealed class SqliteActivityPagesTests(SqliteServiceFixture service, BrowserFixture browser)
    : ActivityPagesTests(service.Service, browser, "sqlite"), IClassFixture<SqliteServiceFixture>, IClassFixture<BrowserFixture>;

/// <summary>On PostgreSQL with row-level security alone between tenants.</summary>
public sealed class PostgresActivityPagesTests(PostgresRlsOnlyFixture service, BrowserFixture browser)
    : ActivityPagesTests(service.Service, browser, "postgres"), IClassFixture<PostgresRlsOnlyFixture>, IClassFixture<BrowserFixture>;
