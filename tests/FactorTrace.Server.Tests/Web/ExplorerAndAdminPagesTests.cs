using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FactorTrace.Server.Tests.Grid;
using Microsoft.Playwright;
using static FactorTrace.Server.Tests.ApiCalls;

namespace FactorTrace.Server.Tests.Web;

/// <summary>
/// The factor explorer, administration, reports and grid pages in Chromium against the real service: each page calls the
/// API's own code, so what a page does is checked through the API too (a key created on the page works on the API,
/// settings saved on the page are the API's settings). axe-core and a screenshot on every page.
/// </summary>
public abstract class ExplorerAndAdminPagesTests(ServiceInstance service, BrowserFixture browser, string database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Factors_SearchFacetAndMisspelling_ResultsFilteredAndDidYouMean()
    {
        var (slug, _) = await TenantAsync("fx-search");
        await using var user = await browser.OpenAsync(service);
        await user.SignInAsync($"admin@{slug}.test", ServiceInstance.AdminPassword);
        await user.Page.GotoAsync("/factors");
        await user.Page.GetByLabel("Search activities and factors", new() { Exact = true }).FillAsync("diesel");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await user.Page.WaitForURLAsync(url => url.Contains("q=diesel", StringComparison.Ordinal));
        var rows = user.Page.GetByTestId("results").Locator("tbody tr");
        Assert.True(await rows.CountAsync() > 0);
        await Assertions.Expect(rows.First).ToContainTextAsync("iesel", new() { IgnoreCase = true });
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-factors");

        // A facet value filters the results to it, as the API's search with the same parameter.
        var facet = user.Page.Locator("aside.facets").GetByRole(AriaRole.Link).First;
        await facet.ClickAsync();
        await Assertions.Expect(user.Page.Locator(".filters .chip")).ToHaveCountAsync(1);

        // Nothing matches a misspelling under these filters: the corrected text is offered as a link.
        await user.Page.GotoAsync("/factors?q=hotle&kind=activity&scope=1");
        await Assertions.Expect(user.Page.GetByTestId("did-you-mean")).ToContainTextAsync("hotel");
        await Assertions.Expect(user.Page.GetByTestId("results").Locator("tbody tr")).ToHaveCountAsync(0);
        await user.AssertAccessibleAsync();
        Assert.Contains("q=hotel", await user.Page.GetByTestId("did-you-mean").GetByRole(AriaRole.Link).First.GetAttributeAsync("href"), StringComparison.Ordinal);

        // A parameter the API refuses is refused in the same words.
        await user.Page.GotoAsync("/factors?q=diesel&year=1800");
        await Assertions.Expect(user.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("year must be a whole number from 1990 to 2100");
    }

    [Fact]
    public async Task Factors_Resolve_ShowsTheApiAnswerWithProvenanceQualityLicenceAndGwpSets()
    {
        var (slug, client) = await TenantAsync("fx-resolve");
        var api = await SendAsync(client, HttpMethod.Post, "/api/v1/factors/resolve", new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L" }, HttpStatusCode.OK);
        await using var user = await browser.OpenAsync(service);
        await user.SignInAsync($"admin@{slug}.test", ServiceInstance.AdminPassword);
        await user.Page.GotoAsync("/factors/resolve");
        await user.Page.GetByLabel("Activity id", new() { Exact = true }).FillAsync("fuel.diesel");
        await user.Page.GetByLabel("Region", new() { Exact = true }).FillAsync("GB");
        await user.Page.GetByLabel("Year", new() { Exact = true }).FillAsync("2024");
        await user.Page.GetByLabel("Unit", new() { Exact = true }).FillAsync("L");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByTestId("hash")).ToHaveTextAsync(api.GetProperty("provenance").GetProperty("sha256").GetString()!);
        await Assertions.Expect(user.Page.GetByTestId("licence")).ToContainTextAsync(api.GetProperty("licence").GetProperty("id").GetString()!);
        var attempts = api.GetProperty("provenance").GetProperty("attempts");
        await Assertions.Expect(user.Page.GetByTestId("attempts").Locator("tbody tr")).ToHaveCountAsync(attempts.GetArrayLength());
        await Assertions.Expect(user.Page.GetByTestId("gwp-comparison").Locator("tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(user.Page.GetByTestId("quality")).ToContainTextAsync($"{api.GetProperty("quality").GetProperty("score").GetInt32()} / 100");
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-factors-resolve");

        // An unknown unit: the broker's words beside the form, and what was typed is kept.
        await user.Page.GetByLabel("Unit", new() { Exact = true }).FillAsync("furlongs");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Assertions.Expect(user.Page.Locator("#unit-error")).ToBeVisibleAsync();
        await Assertions.Expect(user.Page.GetByLabel("Activity id", new() { Exact = true })).ToHaveValueAsync("fuel.diesel");
        await user.AssertAccessibleAsync();

        await user.Page.GotoAsync("/factors/datasets");
        Assert.True(await user.Page.GetByTestId("datasets").Locator("tbody tr").CountAsync() > 0);
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-factors-datasets");
    }

    [Fact]
    public async Task Admin_CreatesAnApiKeyShownOnceThatWorksOnTheApi_ThenRevokesIt()
    {
        var (slug, _) = await TenantAsync("fx-key");
        await using var user = await browser.OpenAsync(service);
        await user.SignInAsync($"admin@{slug}.test", ServiceInstance.AdminPassword);
        await user.Page.GotoAsync("/admin");
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-admin");

        // No name: refused beside the field.
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Assertions.Expect(user.Page.Locator("#key-name-error")).ToContainTextAsync("Name the key");
        await user.AssertAccessibleAsync();

        await user.Page.GetByLabel("Key name (what it is for)", new() { Exact = true }).FillAsync("ci pipeline");
        await user.Page.GetByLabel("Key role", new() { Exact = true }).SelectOptionAsync("editor");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = await user.Page.GetByTestId("new-key").InputValueAsync();
        Assert.False(string.IsNullOrEmpty(key));
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-admin-key");

        using var keyed = service.Client(apiKey: key);
        using (var response = await keyed.GetAsync("/api/v1/activities", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Shown once: the next page has only its prefix.
        await user.Page.GotoAsync("/admin");
        await Assertions.Expect(user.Page.GetByTestId("new-key")).ToHaveCountAsync(0);
        Assert.DoesNotContain(key, await user.Page.ContentAsync(), StringComparison.Ordinal);
        await Assertions.Expect(user.Page.GetByTestId("keys")).ToContainTextAsync("ci pipeline");

        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Revoke ci pipeline" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByTestId("done")).ToContainTextAsync("revoked");
        using (var response = await keyed.GetAsync("/api/v1/activities", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        await Assertions.Expect(user.Page.GetByTestId("audit")).ToContainTextAsync("api_key.revoke");
    }

    [Fact]
    public async Task Admin_UsersAndSettings_RoleChangeAndSettingsPersistInTheApi_AboveTheCapRefusedWithInputKept()
    {
        var (slug, client) = await TenantAsync("fx-set");
        await using var user = await browser.OpenAsync(service);
        await user.SignInAsync($"admin@{slug}.test", ServiceInstance.AdminPassword);
        await user.Page.GotoAsync("/admin");

        var email = $"new@{slug}.test";
        await user.Page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await user.Page.GetByLabel("Initial password", new() { Exact = true }).FillAsync("short");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Assertions.Expect(user.Page.Locator("#user-password-error")).ToBeVisibleAsync();
        await Assertions.Expect(user.Page.GetByLabel("E-mail", new() { Exact = true })).ToHaveValueAsync(email);
        await user.Page.GetByLabel("Initial password", new() { Exact = true }).FillAsync(ServiceInstance.AdminPassword);
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByTestId("users")).ToContainTextAsync(email);
        await user.Page.GetByLabel($"Role of {email}", new() { Exact = true }).SelectOptionAsync("auditor");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = $"Change role of {email}" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByTestId("done")).ToContainTextAsync("is now auditor");
        var users = await SendAsync(client, HttpMethod.Get, "/api/v1/users", null, HttpStatusCode.OK);
        Assert.Equal("auditor", users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("role").GetString());

        var settings = await SendAsync(client, HttpMethod.Get, "/api/v1/settings", null, HttpStatusCode.OK);
        var cap = settings.GetProperty("max_rate_limit_per_minute").GetInt32();
        var order = settings.GetProperty("effective_source_order").EnumerateArray().Select(s => s.GetString()!).Reverse().ToList();
        await user.Page.GetByLabel("Source order", new() { Exact = true }).FillAsync(string.Join(", ", order));
        await user.Page.GetByLabel("Rate limit per minute", new() { Exact = true }).FillAsync((cap + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(user.Page.Locator("#rate_limit_per_minute-error")).ToContainTextAsync($"at most {cap}");
        await Assertions.Expect(user.Page.GetByLabel("Source order", new() { Exact = true })).ToHaveValueAsync(string.Join(", ", order));
        await user.AssertAccessibleAsync();

        await user.Page.GetByLabel("Rate limit per minute", new() { Exact = true }).FillAsync("120");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByTestId("done")).ToHaveTextAsync("Settings saved.");
        settings = await SendAsync(client, HttpMethod.Get, "/api/v1/settings", null, HttpStatusCode.OK);
        Assert.Equal(120, settings.GetProperty("rate_limit_per_minute").GetInt32());
        Assert.Equal(order, settings.GetProperty("source_priority").EnumerateArray().Select(s => s.GetString()!).ToList());
        await Assertions.Expect(user.Page.GetByTestId("audit")).ToContainTextAsync("settings.update");
    }

    [Fact]
    public async Task Admin_ReportIdentityRemovalAndAuditPaging_InvalidLeiRefusedBesideItUserRemovedOlderEventsOnTheNextPage()
    {
        var (slug, client) = await TenantAsync("fx-lei");
        for (var i = 0; i < 30; i++)
        {
            await SendAsync(client, HttpMethod.Post, "/api/v1/users", new { email = $"u{i:00}@{slug}.test", password = ServiceInstance.AdminPassword, role = "viewer" }, HttpStatusCode.Created);
        }

        await using var user = await browser.OpenAsync(service);
        await user.SignInAsync($"admin@{slug}.test", ServiceInstance.AdminPassword);
        await user.Page.GotoAsync("/admin");

        // The report's identity of the company: a wrong LEI is refused next to its field, the NACE code typed is kept.
        await user.Page.GetByLabel("Legal Entity Identifier", new() { Exact = true }).FillAsync("529900T8BM49AURSDO56");
        await user.Page.GetByLabel("NACE activity", new() { Exact = true }).FillAsync("C25.11");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(user.Page.Locator("#lei-error")).ToBeVisibleAsync();
        await Assertions.Expect(user.Page.GetByLabel("NACE activity", new() { Exact = true })).ToHaveValueAsync("C25.11");
        await user.AssertAccessibleAsync();
        Assert.Equal(JsonValueKind.Null, (await SendAsync(client, HttpMethod.Get, "/api/v1/settings", null, HttpStatusCode.OK)).GetProperty("lei").ValueKind);
        await user.Page.GetByLabel("Legal Entity Identifier", new() { Exact = true }).FillAsync("529900T8BM49AURSDO55");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByTestId("done")).ToHaveTextAsync("Settings saved.");
        var settings = await SendAsync(client, HttpMethod.Get, "/api/v1/settings", null, HttpStatusCode.OK);
        Assert.Equal("529900T8BM49AURSDO55", settings.GetProperty("lei").GetString());
        Assert.Equal("C25.11", settings.GetProperty("nace_activity").GetString());

        // Removing a user on the page removes it for the API too.
        await user.Page.GetByRole(AriaRole.Button, new() { Name = $"Remove u07@{slug}.test" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByTestId("users")).Not.ToContainTextAsync($"u07@{slug}.test");
        var users = await SendAsync(client, HttpMethod.Get, "/api/v1/users", null, HttpStatusCode.OK);
        Assert.DoesNotContain(users.EnumerateArray(), u => u.GetProperty("email").GetString() == $"u07@{slug}.test");

        // The audit log pages backwards in time: the next page holds older events, none of the first page's again.
        var rows = user.Page.GetByTestId("audit").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        var first = await rows.AllInnerTextsAsync();
        Assert.Contains(first, r => r.Contains("user.delete", StringComparison.Ordinal));
        await user.Page.GetByRole(AriaRole.Link, new() { Name = "Older" }).ClickAsync();
        await Assertions.Expect(rows.First).Not.ToHaveTextAsync(first[0]);
        var second = await rows.AllInnerTextsAsync();
        Assert.NotEmpty(second);
        Assert.Empty(second.Intersect(first));
        Assert.Contains(second, r => r.Contains("user.create", StringComparison.Ordinal) && r.Contains($"u00@{slug}.test", StringComparison.Ordinal));
        await user.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Admin_AsAViewer_ForbiddenAndNoLink()
    {
        var (slug, admin) = await TenantAsync("fx-view");
        var email = $"viewer@{slug}.test";
        await SendAsync(admin, HttpMethod.Post, "/api/v1/users", new { email, password = ServiceInstance.AdminPassword, role = "viewer" }, HttpStatusCode.Created);
        await using var user = await browser.OpenAsync(service);
        await user.SignInAsync(email, ServiceInstance.AdminPassword);
        await Assertions.Expect(user.Page.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToHaveCountAsync(0);
        await user.Page.GotoAsync("/admin");
        Assert.Contains("/forbidden", user.Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(user.Page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await user.AssertAccessibleAsync();

        // A forged post is refused too (the antiforgery token of a page the viewer may see).
        await user.Page.GotoAsync("/factors");
        var token = await user.Page.Locator("header form input[name='__RequestVerificationToken']").InputValueAsync();
        var post = await user.Page.APIRequest.PostAsync("/admin?handler=CreateKey", new() { Form = FormOf(user.Page.APIRequest, ("name", "sneaky"), ("role", "admin"), ("__RequestVerificationToken", token)), MaxRedirects = 0 });
        Assert.Equal(302, post.Status);
        Assert.Contains("/forbidden", post.Headers["location"], StringComparison.Ordinal);
        var keys = await SendAsync(admin, HttpMethod.Get, "/api/v1/api-keys", null, HttpStatusCode.OK);
        Assert.Equal(0, keys.GetArrayLength());
    }

    [Fact]
    public async Task Reports_GeneratedOnThePage_ListedWithHtmlPdfAndIxbrlDownloads()
    {
        var (slug, client) = await TenantAsync("fx-rep");
        await SendAsync(client, HttpMethod.Put, "/api/v1/settings", new { lei = "529900T8BM49AURSDO55", nace_activity = "C25.11" }, HttpStatusCode.OK);
        await SendAsync(client, HttpMethod.Post, "/api/v1/activities", new { activity_id = "fuel.diesel", amount = 1000, unit = "L", date = "2024-03-01", site = "Leeds", region = "GB" }, HttpStatusCode.Created);
        await SendAsync(client, HttpMethod.Post, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created);
        await using var user = await browser.OpenAsync(service);
        await user.SignInAsync($"admin@{slug}.test", ServiceInstance.AdminPassword);
        await user.Page.GotoAsync("/reports");
        await user.AssertAccessibleAsync();

        // A period without a calculation: the report's own refusal, the dates kept.
        await user.Page.GetByLabel("Period from", new() { Exact = true }).FillAsync("2019-01-01");
        await user.Page.GetByLabel("Period to", new() { Exact = true }).FillAsync("2019-12-31");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Generate report" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Assertions.Expect(user.Page.GetByLabel("Period from", new() { Exact = true })).ToHaveValueAsync("2019-01-01");

        await user.Page.GetByLabel("Period from", new() { Exact = true }).FillAsync("2024-01-01");
        await user.Page.GetByLabel("Period to", new() { Exact = true }).FillAsync("2024-12-31");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Generate report" }).ClickAsync();
        await Assertions.Expect(user.Page.Locator("#amount-error")).ToContainTextAsync("net revenue");
        await user.AssertAccessibleAsync();
        await user.Page.GetByLabel("Net revenue (optional)", new() { Exact = true }).FillAsync("1000000");
        await user.Page.GetByLabel("Currency (optional)", new() { Exact = true }).FillAsync("EUR");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Generate report" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByTestId("done")).ToContainTextAsync("being generated");

        // The page refreshes itself until the report is completed; then its files are links.
        var html = user.Page.GetByTestId("reports").GetByRole(AriaRole.Link, new() { Name = "HTML of 2024-01-01 to 2024-12-31" });
        await Assertions.Expect(html).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-reports");
        foreach (var (name, type, start) in new[] { ("HTML", "text/html", "<html"), ("PDF", "application/pdf", "%PDF"), ("iXBRL", "application/xhtml+xml", "<html") })
        {
            var href = await user.Page.GetByTestId("reports").GetByRole(AriaRole.Link, new() { Name = $"{name} of 2024-01-01 to 2024-12-31" }).GetAttributeAsync("href");
            var file = await user.Page.APIRequest.GetAsync(href!);
            Assert.Equal(200, file.Status);
            Assert.StartsWith(type, file.Headers["content-type"], StringComparison.Ordinal);
            var text = System.Text.Encoding.Latin1.GetString(await file.BodyAsync());
            Assert.True(name == "PDF" ? text.StartsWith(start, StringComparison.Ordinal) : text.Contains(start, StringComparison.OrdinalIgnoreCase), $"{name}: {text[..Math.Min(200, text.Length)]}");
        }

        // Another tenant cannot download it.
        var mine = await user.Page.GetByTestId("reports").GetByRole(AriaRole.Link, new() { Name = "PDF of 2024-01-01 to 2024-12-31" }).GetAttributeAsync("href");
        var (other, _) = await TenantAsync("fx-rep-b");
        await using var stranger = await browser.OpenAsync(service);
        await stranger.SignInAsync($"admin@{other}.test", ServiceInstance.AdminPassword);
        Assert.Equal(404, (await stranger.Page.APIRequest.GetAsync(mine!)).Status);
    }

    private static IFormData FormOf(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }

    private Task<(string Slug, HttpClient Admin)> TenantAsync(string prefix) => service.TenantAdminAsync(prefix);
}

/// <summary>On the embedded default.</summary>
public sealed class SqliteExplorerAndAdminPagesTests(SqliteServiceFixture service, BrowserFixture browser)
    : ExplorerAndAdminPagesTests(service.Service, browser, "sqlite"), IClassFixture<SqliteServiceFixture>, IClassFixture<BrowserFixture>;

/// <summary>On PostgreSQL with row-level security alone between tenants.</summary>
public sealed class PostgresExplorerAndAdminPagesTests(PostgresRlsOnlyFixture service, BrowserFixture browser)
    : ExplorerAndAdminPagesTests(service.Service, browser, "postgres"), IClassFixture<PostgresRlsOnlyFixture>, IClassFixture<BrowserFixture>;

/// <summary>The grid page over the shipped Electricity Maps history (loaded into the store at start).</summary>
public sealed class GridPageTests(GridServiceFixture fixture, BrowserFixture browser) : IClassFixture<GridServiceFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Grid_IntensityChartAndBestWindow_AsTheApiAnswers()
    {
        using var client = fixture.Service.Client(await fixture.Service.TokenAsync());
        using var response = await client.PostAsJsonAsync("/api/v1/grid/windows",
            new { zones = new[] { "DE", "FR" }, from = "2023-06-01T00:00:00Z", to = "2023-06-02T00:00:00Z", duration_minutes = 180 }, TestContext.Current.CancellationToken);
        var api = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("best");

        await using var user = await browser.OpenAsync(fixture.Service);
        await user.SignInAsync(ServiceInstance.AdminEmail, ServiceInstance.AdminPassword);
        await user.Page.GotoAsync("/grid");
        await user.Page.GetByLabel("Zone", new() { Exact = true }).FillAsync("DE");
        await user.Page.GetByLabel("From", new() { Exact = true }).FillAsync("2023-06-01T00:00:00Z");
        await user.Page.GetByLabel("To", new() { Exact = true }).FillAsync("2023-06-08T00:00:00Z");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Show intensity" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByTestId("intensity-summary")).ToContainTextAsync("168 of 168 hours");
        Assert.Equal(168, (await user.Page.GetByTestId("intensity-chart").Locator("polyline").GetAttributeAsync("points"))!.Split(' ').Length);

        await user.Page.GetByLabel("Zones", new() { Exact = true }).FillAsync("DE, FR");
        await user.Page.GetByLabel("Earliest start", new() { Exact = true }).FillAsync("2023-06-01T00:00:00Z");
        await user.Page.GetByLabel("Latest end", new() { Exact = true }).FillAsync("2023-06-02T00:00:00Z");
        await user.Page.GetByLabel("Duration in minutes", new() { Exact = true }).FillAsync("180");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Find the best window" }).ClickAsync();
        var start = DateTimeOffset.Parse(api.GetProperty("start").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(user.Page.GetByTestId("best-window")).ToContainTextAsync(
            $"Best: {api.GetProperty("zone").GetString()} from {start.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC");
        await Assertions.Expect(user.Page.GetByLabel("Zones", new() { Exact = true })).ToHaveValueAsync("DE, FR");
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync("sqlite-grid");

        // An unknown zone: the API's words beside the field.
        await user.Page.GetByLabel("Zones", new() { Exact = true }).FillAsync("DE, Atlantis");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Find the best window" }).ClickAsync();
        await Assertions.Expect(user.Page.Locator("#zones-error")).ToContainTextAsync("Atlantis");
        await user.AssertAccessibleAsync();
    }
}
