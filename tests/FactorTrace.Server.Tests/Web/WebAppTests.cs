using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using static FactorTrace.Server.Tests.ApiCalls;

namespace FactorTrace.Server.Tests.Web;

/// <summary>
/// The web application in Debian's Chromium against the real service on 127.0.0.1: sign-in and its errors, the session
/// ending with its user, the dashboard equal to the API's summary, the rows behind a figure, tenant isolation, the
/// session cookie refused by the JSON API, security headers, and axe-core on every page (screenshots kept).
/// </summary>
public abstract class WebAppTests(ServiceInstance service, BrowserFixture browser, string database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_WrongPasswordThenRight_ErrorBesideTheFormEmailKeptThenDashboardWithTenantAndRole()
    {
        var (slug, _) = await TenantAsync("web-in");
        await using var user = await browser.OpenAsync(service);
        await user.Page.GotoAsync("/");
        Assert.Contains("/sign-in", user.Page.Url, StringComparison.Ordinal); // not signed in: sent to sign in
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-sign-in");

        await user.Page.GetByLabel("E-mail", new() { Exact = true }).FillAsync($"admin@{slug}.test");
        await user.Page.GetByLabel("Password", new() { Exact = true }).FillAsync("not the password");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(user.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("password");
        await Assertions.Expect(user.Page.GetByLabel("E-mail", new() { Exact = true })).ToHaveValueAsync($"admin@{slug}.test");
        await user.AssertAccessibleAsync();

        await user.SignInAsync($"admin@{slug}.test", ServiceInstance.AdminPassword);
        await Assertions.Expect(user.Page.GetByTestId("tenant-name")).ToHaveTextAsync(slug);
        await Assertions.Expect(user.Page.GetByTestId("role")).ToHaveTextAsync("admin");
        await Assertions.Expect(user.Page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await user.AssertAccessibleAsync();

        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await user.Page.WaitForURLAsync(url => url.Contains("/sign-in", StringComparison.Ordinal));
        await user.Page.GotoAsync("/");
        Assert.Contains("/sign-in", user.Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tablet_EveryPageAt820Pixels_NoPageWideHorizontalScrollAndNavigationReachable()
    {
        var (slug, client) = await TenantAsync("web-tablet");
        await SendAsync(client, HttpMethod.Post, "/api/v1/activities",
            new { activity_id = "fuel.diesel", amount = 1000, unit = "L", date = "2024-03-01", site = "A site with a rather long name, Leeds", region = "GB", notes = "A note long enough to need wrapping on a narrow screen" },
            HttpStatusCode.Created);
        await using var user = await browser.OpenAsync(service, width: 820); // a tablet held upright
        await user.SignInAsync($"admin@{slug}.test", ServiceInstance.AdminPassword);
        foreach (var path in new[] { "/", "/activities", "/imports", "/factors", "/calculations", "/reports", "/grid", "/admin" })
        {
            await user.Page.GotoAsync(path);
            // Wide tables may scroll inside their own box; the page itself must not.
            var overflow = await user.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 1, $"{path}: the page is {overflow} px wider than an 820 px screen");
            await Assertions.Expect(user.Page.GetByRole(AriaRole.Link, new() { Name = "Activities", Exact = true }).First).ToBeVisibleAsync();
            await user.ScreenshotAsync($"{database}-tablet{(path == "/" ? "-dashboard" : path.Replace('/', '-'))}");
        }
    }

    [Fact]
    public async Task Dashboard_AfterACalculation_TotalsEqualTheApiSummaryAndRowsBehindAFigureAreListed()
    {
        var (slug, client) = await TenantAsync("web-dash");
        foreach (var body in new object[]
        {
            new { activity_id = "fuel.diesel", amount = 1000, unit = "L", date = "2024-03-01", site = "Leeds", region = "GB" },
            new { activity_id = "fuel.natural-gas", amount = 600, unit = "m3", period_start = "2024-01-15", period_end = "2024-03-14", site = "York", region = "GB" },
            new { activity_id = "electricity.grid", amount = 10000, unit = "kWh", date = "2024-03-31", site = "Leeds", region = "GB" },
        })
        {
            await SendAsync(client, HttpMethod.Post, "/api/v1/activities", body, HttpStatusCode.Created);
        }

        await SendAsync(client, HttpMethod.Post, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created);
        var summary = await SendAsync(client, HttpMethod.Get, "/api/v1/emissions/summary?from=2024-01-01&to=2024-12-31", null, HttpStatusCode.OK);

        await using var user = await browser.OpenAsync(service);
        await user.SignInAsync($"admin@{slug}.test", ServiceInstance.AdminPassword);
        Assert.Equal(summary.GetProperty("total_kgco2e").GetDouble(), await KgAsync(user.Page, "total.location"), 6);
        Assert.Equal(summary.GetProperty("total_kgco2e_market_based").GetDouble(), await KgAsync(user.Page, "total.market"), 6);
        Assert.Equal(summary.GetProperty("scope2").GetProperty("location_based_kgco2e").GetDouble(), await KgAsync(user.Page, "scope2.location"), 6);
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-dashboard");

        // A click on Scope 1 lists the rows behind it: the diesel and the two month parts of the gas bill.
        await user.Page.Locator("[data-figure='scope1'] a").ClickAsync();
        await user.Page.WaitForURLAsync(url => url.Contains("/emissions", StringComparison.Ordinal));
        var rows = user.Page.GetByTestId("rows").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync($"{database}-emissions");

        // The period form: a period without a run says so in words.
        await user.Page.GotoAsync("/?from=2019-01-01&to=2019-12-31");
        await Assertions.Expect(user.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("No completed calculation covers 2019-01-01 to 2019-12-31");
    }

    [Fact]
    public async Task Isolation_OtherTenantsRunInTheUrl_NotFoundAndTheApiRefusesTheSessionCookie()
    {
        var (_, first) = await TenantAsync("web-a");
        await SendAsync(first, HttpMethod.Post, "/api/v1/activities", new { activity_id = "fuel.diesel", amount = 10, unit = "L", date = "2024-02-01" }, HttpStatusCode.Created);
        var run = (await SendAsync(first, HttpMethod.Post, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created)).GetProperty("id").GetString();

        var (other, _) = await TenantAsync("web-b");
        await using var user = await browser.OpenAsync(service);
        await user.SignInAsync($"admin@{other}.test", ServiceInstance.AdminPassword);
        var response = await user.Page.GotoAsync($"/emissions?run={run}&from=2024-01-01&to=2024-12-31");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(user.Page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await user.AssertAccessibleAsync();

        // The page's headers: a strict policy, no framing.
        Assert.Equal("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
            response.Headers["content-security-policy"]);
        Assert.Equal("DENY", response.Headers["x-frame-options"]);

        // The session cookie is HttpOnly and SameSite=Strict, and the JSON API does not take it (bearer or API key only).
        var cookie = Assert.Single(await user.Context.CookiesAsync(), c => c.Name == "ft_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        var api = await user.Page.APIRequest.GetAsync("/api/v1/activities");
        Assert.Equal(401, api.Status);
    }

    [Fact]
    public async Task Session_UserRemovedWhileSignedIn_NextPageSendsThemToSignIn()
    {
        var (slug, admin) = await TenantAsync("web-rm");
        var email = $"viewer@{slug}.test";
        var created = await SendAsync(admin, HttpMethod.Post, "/api/v1/users", new { email, password = ServiceInstance.AdminPassword, role = "viewer" }, HttpStatusCode.Created);
        await using var user = await browser.OpenAsync(service);
        await user.SignInAsync(email, ServiceInstance.AdminPassword);
        await Assertions.Expect(user.Page.GetByTestId("role")).ToHaveTextAsync("viewer");
        await Assertions.Expect(user.Page.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToHaveCountAsync(0);

        await SendAsync(admin, HttpMethod.Delete, $"/api/v1/users/{created.GetProperty("id").GetString()}", null, HttpStatusCode.NoContent);
        await user.Page.GotoAsync("/");
        Assert.Contains("/sign-in", user.Page.Url, StringComparison.Ordinal);
    }

    private static async Task<double> KgAsync(IPage page, string figure) =>
        double.Parse((await page.Locator($"[data-figure='{figure}'] a").GetAttributeAsync("data-kg"))!, CultureInfo.InvariantCulture);

    private Task<(string Slug, HttpClient Admin)> TenantAsync(string prefix) => service.TenantAdminAsync(prefix);

}

/// <summary>On the embedded default.</summary>
public sealed class SqliteWebAppTests(SqliteServiceFixture service, BrowserFixture browser)
    : WebAppTests(service.Service, browser, "sqlite"), IClassFixture<SqliteServiceFixture>, IClassFixture<BrowserFixture>;

/// <summary>On PostgreSQL with row-level security alone between tenants.</summary>
public sealed class PostgresWebAppTests(PostgresRlsOnlyFixture service, BrowserFixture browser)
    : WebAppTests(service.Service, browser, "postgres"), IClassFixture<PostgresRlsOnlyFixture>, IClassFixture<BrowserFixture>;
