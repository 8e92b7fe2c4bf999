using System.Net;
using System.Text.Json;
using FactorTrace.Server.Tests.Doubles;
using Microsoft.Playwright;
using static FactorTrace.Server.Tests.ApiCalls;

namespace FactorTrace.Server.Tests.Web;

/// <summary>
/// Sign-in in the browser through the configured OpenID Connect issuer (a real issuer on 127.0.0.1, authorization code with
/// PKCE): first sign-in provisions the user in the tenant the issuer names, with its role and no password; the session ends
/// when an administrator removes the user; an issuer naming an unknown organisation or no role is refused in words.
/// </summary>
public sealed class SingleSignOnTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignInWithIssuer_NewPerson_ProvisionedWithTheIssuersRoleAndRemovalEndsTheSession()
    {
        await using var issuer = await OidcIssuerDouble.StartAsync();
        await using var service = await StartAsync(issuer);
        var (slug, admin) = await service.TenantAdminAsync("sso");
        issuer.NextUser = new() { ["email"] = "Carla@Example.test", ["tenant"] = slug, ["role"] = "editor", ["name"] = "Carla" };

        await using var user = await browser.OpenAsync(service);
        await user.Page.GotoAsync("/activities");
        Assert.Contains("/sign-in", user.Page.Url, StringComparison.Ordinal);
        await user.AssertAccessibleAsync();
        await user.ScreenshotAsync("sso-sign-in");
        await user.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Example SSO" }).ClickAsync();
        await user.Page.WaitForURLAsync(url => url.EndsWith("/activities", StringComparison.Ordinal));
        await Assertions.Expect(user.Page.GetByTestId("tenant-name")).ToHaveTextAsync(slug);
        await Assertions.Expect(user.Page.GetByTestId("role")).ToHaveTextAsync("editor");
        Assert.Equal(["S256"], issuer.ChallengeMethods);
        Assert.Empty(issuer.Refusals);

        // The person is now a user of that tenant, with the issuer's role, found by e-mail (normalised), and no password.
        var users = await SendAsync(admin, HttpMethod.Get, "/api/v1/users", null, HttpStatusCode.OK);
        var carla = Assert.Single(Items(users), u => u.GetProperty("email").GetString() == "carla@example.test");
        Assert.Equal("editor", carla.GetProperty("role").GetString());
        using (var password = service.Client())
        {
            using var refused = await password.PostAsync("/api/v1/auth/token", JsonBody(new { email = "carla@example.test", password = "any password at all" }), Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // A second sign-in finds the same user (no duplicate) and follows a role the issuer changed.
        issuer.NextUser["role"] = "viewer";
        await using (var again = await browser.OpenAsync(service))
        {
            await again.Page.GotoAsync("/sign-in");
            await again.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Example SSO" }).ClickAsync();
            await again.Page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
            await Assertions.Expect(again.Page.GetByTestId("role")).ToHaveTextAsync("viewer");
        }

        // The first browser's session was issued as an editor: the changed role ends it, as an administrator's change would.
        await user.Page.GotoAsync("/activities");
        Assert.Contains("/sign-in", user.Page.Url, StringComparison.Ordinal);

        users = await SendAsync(admin, HttpMethod.Get, "/api/v1/users", null, HttpStatusCode.OK);
        carla = Assert.Single(Items(users), u => u.GetProperty("email").GetString() == "carla@example.test");
        Assert.Equal("viewer", carla.GetProperty("role").GetString());

        // Removing the user ends the session of the second sign-in, and a later sign-in provisions the person anew.
        await using var third = await browser.OpenAsync(service);
        await third.Page.GotoAsync(BrowserSsoStart);
        await third.Page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
        await SendAsync(admin, HttpMethod.Delete, $"/api/v1/users/{carla.GetProperty("id").GetString()}", null, HttpStatusCode.NoContent);
        await third.Page.GotoAsync("/");
        Assert.Contains("/sign-in", third.Page.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-org", "admin", "no account here")]
    [InlineData(null, "owner", "which organisation and role")]
    public async Task SignInWithIssuer_UnknownOrganisationOrRole_RefusedInWordsOnTheSignInPage(string? tenant, string role, string expected)
    {
        await using var issuer = await OidcIssuerDouble.StartAsync();
        await using var service = await StartAsync(issuer);
        var (slug, admin) = await service.TenantAdminAsync("sso-no");
        issuer.NextUser = new() { ["email"] = "mallory@example.test", ["tenant"] = tenant ?? slug, ["role"] = role };

        await using var user = await browser.OpenAsync(service);
        await user.Page.GotoAsync("/sign-in");
        await user.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Example SSO" }).ClickAsync();
        await user.Page.WaitForURLAsync(url => url.Contains("/sign-in", StringComparison.Ordinal) && url.Contains("ssoError", StringComparison.Ordinal));
        await Assertions.Expect(user.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync(expected);
        await user.AssertAccessibleAsync();
        Assert.DoesNotContain(await user.Context.CookiesAsync(), c => c.Name == "ft_session");
        var users = await SendAsync(admin, HttpMethod.Get, "/api/v1/users", null, HttpStatusCode.OK);
        Assert.DoesNotContain(Items(users), u => u.GetProperty("email").GetString() == "mallory@example.test");
    }

    [Fact]
    public async Task SignInPage_NoClientConfigured_OffersNoSingleSignOn()
    {
        await using var service = await ServiceInstance.StartAsync();
        await using var user = await browser.OpenAsync(service);
        await user.Page.GotoAsync("/sign-in");
        await Assertions.Expect(user.Page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Sign in with") })).ToHaveCountAsync(0);
        using var client = service.Client();
        using var response = await client.GetAsync(new Uri("/sign-in/sso", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private const string BrowserSsoStart = "/sign-in/sso?returnUrl=%2F";

    private static Task<ServiceInstance> StartAsync(OidcIssuerDouble issuer) => ServiceInstance.StartAsync(new Dictionary<string, string>
    {
        ["FactorTrace:Auth:Oidc:Authority"] = issuer.Issuer,
        ["FactorTrace:Auth:Oidc:Audience"] = "factortrace",
        ["FactorTrace:Auth:Oidc:RequireHttpsMetadata"] = "false",
        ["FactorTrace:Auth:Oidc:ClientId"] = OidcIssuerDouble.ClientId,
        ["FactorTrace:Auth:Oidc:ClientSecret"] = OidcIssuerDouble.ClientSecret,
        ["FactorTrace:Auth:Oidc:DisplayName"] = "Example SSO",
    });

    private static JsonElement.ArrayEnumerator Items(JsonElement list) =>
        list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : list.GetProperty("items").EnumerateArray();

    private static StringContent JsonBody(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
