using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using FactorTrace.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FactorTrace.Server.Tests;

/// <summary>Start-up: settings validated with a message per bad value; bootstrap credentials; an external OpenID Connect issuer.</summary>
public sealed class StartupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_BadSettings_FailsNamingEverySettingAndLimit()
    {
        var app = ServiceHost.Build(
        [
            "--FactorTrace:DataDirectory=" + Directory.CreateTempSubdirectory("ft-bad-").FullName,
            "--FactorTrace:Database:Provider=oracle",
            "--FactorTrace:Auth:TokenLifetimeMinutes=0",
            "--FactorTrace:Api:MaxBatchItems=0",
            "--FactorTrace:Bootstrap:AdminPassword=short",
            "--FactorTrace:Broker:SourceOrder:0=desnz",
            "--FactorTrace:Broker:SourceOrder:1=desnzz",
            "--FactorTrace:Broker:AnswerMemoSize=0",
            "--urls=http://127.0.0.1:0",
        ]);
        await using (app)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync(Ct));
            var failures = error is AggregateException all ? all.InnerExceptions.OfType<OptionsValidationException>() : [Assert.IsType<OptionsValidationException>(error)];
            var message = string.Join("\n", failures.SelectMany(f => f.Failures));
            Assert.Contains("FactorTrace:Database:Provider 'oracle' is not supported", message, StringComparison.Ordinal);
            Assert.Contains("FactorTrace:Auth:TokenLifetimeMinutes must be between 1 and 1440 (got '0')", message, StringComparison.Ordinal);
            Assert.Contains("FactorTrace:Api:MaxBatchItems", message, StringComparison.Ordinal);
            Assert.Contains("FactorTrace:Bootstrap:AdminPassword is refused by the password policy (too_short)", message, StringComparison.Ordinal);
            Assert.Contains("FactorTrace:Broker:SourceOrder names unknown sources (desnzz)", message, StringComparison.Ordinal);
            Assert.Contains("FactorTrace:Broker:AnswerMemoSize must be between 1 and 10000000 (got '0')", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FirstStart_NoPasswordConfigured_GeneratesCredentialsFileReadableOnlyByOwner()
    {
        await using var service = await ServiceInstance.StartAsync(new Dictionary<string, string>
        {
            ["FactorTrace:Bootstrap:AdminEmail"] = "",
            ["FactorTrace:Bootstrap:AdminPassword"] = "",
        });
        var file = Path.Combine(service.DataDirectory, "bootstrap-admin.txt");
        var lines = (await File.ReadAllLinesAsync(file, Ct)).Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("admin@localhost", lines["email"]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var token = await service.TokenAsync(lines["email"], lines["password"]);
        using var client = service.Client(token);
        var me = JsonDocument.Parse(await client.GetStringAsync("/api/v1/me", Ct)).RootElement;
        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.True(me.GetProperty("platform_admin").GetBoolean());
    }

    [Fact]
    public async Task ExternalIssuer_TokenWithTenantAndRoleClaims_AcceptedAndMappedToTenant()
    {
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "test-key" };
        var issuerApp = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]).Build();
        string? issuer = null;
        issuerApp.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object> { ["issuer"] = issuer!, ["jwks_uri"] = issuer + "/jwks" }));
        issuerApp.MapGet("/jwks", () => Results.Json(new { keys = new[] { JsonWebKeyConverter.ConvertFromRSASecurityKey(key) } }));
        await issuerApp.StartAsync(Ct);
        await using var _ = issuerApp;
        issuer = issuerApp.Urls.First();

        await using var service = await ServiceInstance.StartAsync(new Dictionary<string, string>
        {
            ["FactorTrace:Auth:Oidc:Authority"] = issuer,
            ["FactorTrace:Auth:Oidc:Audience"] = "factortrace",
            ["FactorTrace:Auth:Oidc:RequireHttpsMetadata"] = "false",
        });
        var tenantSlug = "sso-" + Guid.NewGuid().ToString("N")[..6];
        var (tenantId, _) = await service.CreateTenantAsync(tenantSlug);

        string Token(string tenant, string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = "factortrace",
            Expires = DateTime.SpecifyKind(new DateTime(2099, 1, 1), DateTimeKind.Utc),
            Subject = new ClaimsIdentity([new Claim("sub", "alice@idp"), new Claim("tenant", tenant), new Claim("role", role)]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

        using (var external = service.Client(Token(tenantSlug, "editor")))
        {
            var me = JsonDocument.Parse(await external.GetStringAsync("/api/v1/me", Ct)).RootElement;
            Assert.Equal(tenantId, me.GetProperty("tenant_id").GetGuid());
            Assert.Equal("editor", me.GetProperty("role").GetString());
            Assert.Equal("external", me.GetProperty("kind").GetString());
            using var resolve = await external.PostAsJsonAsync("/api/v1/factors/resolve", new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L" }, Ct);
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        }

        using var unknownTenant = service.Client(Token("no-such-tenant", "admin"));
        using var refused = await unknownTenant.GetAsync("/api/v1/me", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var badRole = service.Client(Token(tenantSlug, "owner"));
        using var refusedRole = await badRole.GetAsync("/api/v1/me", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedRole.StatusCode);
    }
}
