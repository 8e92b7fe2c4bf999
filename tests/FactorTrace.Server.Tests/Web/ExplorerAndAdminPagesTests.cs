using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

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

    private static IFormData FormOf(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }

    private async Task<(string Slug, HttpClient Admin)> TenantAsync(string prefix)
    {
        var slug = $"{prefix}-{Guid.NewGuid():N}"[..16];
        var (_, token) = await service.CreateTenantAsync(slug);
        return (slug, service.Client(token));
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string url, object? body, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"{method} {url}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>On the embedded default.</summary>
public sealed class SqliteExplorerAndAdminPagesTests(SqliteServiceFixture service, BrowserFixture browser)
    : ExplorerAndAdminPagesTests(service.Service, browser, "sqlite"), IClassFixture<SqliteServiceFixture>, IClassFixture<BrowserFixture>;

/// <summary>On PostgreSQL with row-level security alone between tenants.</summary>
public sealed class PostgresExplorerAndAdminPagesTests(PostgresRlsOnlyFixture service, BrowserFixture browser)
    : ExplorerAndAdminPagesTests(service.Service, browser, "postgres"), IClassFixture<PostgresRlsOnlyFixture>, IClassFixture<BrowserFixture>;
