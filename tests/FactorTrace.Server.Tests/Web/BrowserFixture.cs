using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace FactorTrace.Server.Tests.Web;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, or <c>FACTORTRACE_CHROMIUM</c>) driven by Playwright, one browser per
/// test class. Without it the browser tests fail when <c>FACTORTRACE_REQUIRE_CHROMIUM=1</c> (the test command sets it
/// after installing the package) and are skipped otherwise.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    /// <summary>Why there is no browser, when there is none.</summary>
    public string? Missing { get; private set; }

    public static string Executable => Environment.GetEnvironmentVariable("FACTORTRACE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Screenshots of every page the tests visit, kept with the test results (CI artefacts).</summary>
    public static string ScreenshotFolder => Path.Combine(TestEnvironment.RepositoryRoot, "artifacts", "test-results", "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            Missing = $"Chromium is not installed at {Executable} (apt-get install chromium).";
            if (Environment.GetEnvironmentVariable("FACTORTRACE_REQUIRE_CHROMIUM") == "1")
            {
                throw new InvalidOperationException(Missing);
            }

            return;
        }

        _playwright = await Playwright.CreateAsync();
        // Chromium's sandbox needs user namespaces, which a root CI container does not give.
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Executable, Headless = true, Args = ["--no-sandbox", "--disable-dev-shm-usage"] });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A fresh browser context (own cookies) on the service, 1280 px wide, or a skip when there is no browser.</summary>
    public async Task<WebUser> OpenAsync(ServiceInstance service, int width = 1280)
    {
        Assert.SkipWhen(Browser is null, Missing ?? "no browser");
        var context = await Browser!.NewContextAsync(new() { BaseURL = service.Address.ToString().TrimEnd('/'), ViewportSize = new() { Width = width, Height = 900 } });
        return new WebUser(context, await context.NewPageAsync());
    }
}

/// <summary>One browser user: a context with its cookies and one page.</summary>
public sealed class WebUser(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page => page;

    public IBrowserContext Context => context;

    /// <summary>Signs in through the sign-in form and waits for the dashboard.</summary>
    public async Task SignInAsync(string email, string password, string? tenant = null)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        if (tenant is not null)
        {
            await page.GetByLabel("Organisation").FillAsync(tenant);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
    }

    /// <summary>
    /// Runs axe-core (WCAG 2.1 A and AA rules) on the page and fails on any violation of serious or critical impact,
    /// naming the rule and the elements.
    /// </summary>
    public async Task AssertAccessibleAsync()
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{page.Url}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    /// <summary>Saves a full-page screenshot under the test results (<see cref="BrowserFixture.ScreenshotFolder"/>).</summary>
    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
