using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FactorTrace.Server.Tests.Identity;

/// <summary>
/// The attacks of the identity review, tried again as a user would: a tenant admin going after the platform admin,
/// tokens that outlive what they stood for, probes of other tenants, oracles, planted references, weak passwords and
/// the last admin. Each test failed before the fix it names.
/// </summary>
public sealed class IdentityHardeningTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private const string Password = "a long enough password";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ServiceInstance Service => fixture.Service;

    [Fact]
    public async Task PlatformAdmin_DefaultTenantAdmin_CannotChangePasswordRoleDisableOrDeleteIt()
    {
        using var platform = Service.Client(await Service.TokenAsync());
        var platformId = (await GetAsync(platform, "/api/v1/me")).GetProperty("subject").GetString();
        var email = $"rogue-{Guid.NewGuid():N}@default.test";
        await CreateUserAsync(platform, email, Password, "admin");
        using var rogue = Service.Client(await Service.TokenAsync(email, Password));

        foreach (var body in new object[] { new { password = "the attacker's own password" }, new { role = "viewer" }, new { disabled = true }, new { name = "Pwned" } })
        {
            using var response = await rogue.PatchAsJsonAsync($"/api/v1/users/{platformId}", body, Ct);
            await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        }

        using (var delete = await rogue.DeleteAsync($"/api/v1/users/{platformId}", Ct))
        {
            await AssertProblemAsync(delete, HttpStatusCode.Forbidden, "forbidden");
        }

        // The platform admin is untouched: same password, same rights, and its token still works.
        using var again = Service.Client(await Service.TokenAsync());
        Assert.True((await GetAsync(again, "/api/v1/me")).GetProperty("platform_admin").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await platform.GetAsync("/api/v1/me", Ct)).StatusCode);
        var refused = await ServiceInstance.SecurityEventsAsync(again, "access.platform_admin_change_refused", e => e.GetProperty("resource_id").GetString() == platformId, 5);
        Assert.Equal(5, refused.Count);
    }

    [Fact]
    public async Task OwnPassword_ChangeNeedsTheCurrentOne_AndEndsEarlierTokens()
    {
        var slug = "pw-" + Suffix();
        var (_, adminToken) = await Service.CreateTenantAsync(slug);
        using var admin = Service.Client(adminToken);
        var email = $"self-{Suffix()}@pw.test";
        var id = await CreateUserAsync(admin, email, Password, "editor");
        var token = await Service.TokenAsync(email, Password);
        using var self = Service.Client(token);

        // An editor may not change users at all; an admin changing its own password must prove the current one.
        using (var editor = await self.PatchAsJsonAsync($"/api/v1/users/{id}", new { password = "my brand new passphrase" }, Ct))
        {
            await AssertProblemAsync(editor, HttpStatusCode.Forbidden, "forbidden");
        }

        var adminId = (await GetAsync(admin, "/api/v1/me")).GetProperty("subject").GetString();
        using (var missing = await admin.PatchAsJsonAsync($"/api/v1/users/{adminId}", new { password = "my brand new passphrase" }, Ct))
        {
            await AssertProblemAsync(missing, HttpStatusCode.BadRequest, "missing_field");
        }

        using (var wrong = await admin.PatchAsJsonAsync($"/api/v1/users/{adminId}", new { password = "my brand new passphrase", current_password = "not the password at all" }, Ct))
        {
            await AssertProblemAsync(wrong, HttpStatusCode.Forbidden, "invalid_credentials");
        }

        using (var right = await admin.PatchAsJsonAsync($"/api/v1/users/{adminId}", new { password = "my brand new passphrase", current_password = ServiceInstance.AdminPassword }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }

        // The token issued before the change no longer works; the new password does.
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/api/v1/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync($"admin@{slug}.test", ServiceInstance.AdminPassword)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync($"admin@{slug}.test", "my brand new passphrase")).Status);
    }

    [Theory]
    [InlineData("demote")]
    [InlineData("disable")]
    [InlineData("delete")]
    [InlineData("password_reset")]
    public async Task UserToken_AfterUserChanged_RefusedOnTheNextRequest(string change)
    {
        var (_, adminToken) = await Service.CreateTenantAsync($"rv-{change.Replace('_', '-')}-{Suffix()}");
        using var admin = Service.Client(adminToken);
        var email = $"second-admin-{Suffix()}@rv.test";
        var id = await CreateUserAsync(admin, email, Password, "admin");
        using var victim = Service.Client(await Service.TokenAsync(email, Password));
        Assert.Equal(HttpStatusCode.OK, (await victim.GetAsync("/api/v1/users", Ct)).StatusCode);

        using var changed = change switch
        {
            "demote" => await admin.PatchAsJsonAsync($"/api/v1/users/{id}", new { role = "viewer" }, Ct),
            "disable" => await admin.PatchAsJsonAsync($"/api/v1/users/{id}", new { disabled = true }, Ct),
            "password_reset" => await admin.PatchAsJsonAsync($"/api/v1/users/{id}", new { password = "reset by the admin today" }, Ct),
            _ => await admin.DeleteAsync($"/api/v1/users/{id}", Ct),
        };
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync(Ct));

        // The old token cannot read, and cannot restore its own rights.
        Assert.Equal(HttpStatusCode.Unauthorized, (await victim.GetAsync("/api/v1/me", Ct)).StatusCode);
        using (var restore = await victim.PatchAsJsonAsync($"/api/v1/users/{id}", new { role = "admin", disabled = false }, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, restore.StatusCode);
        }

        if (change == "demote")
        {
            // Signing in again gives a token with the new role.
            using var fresh = Service.Client(await Service.TokenAsync(email, Password));
            Assert.Equal("viewer", (await GetAsync(fresh, "/api/v1/me")).GetProperty("role").GetString());
            Assert.Equal(HttpStatusCode.Forbidden, (await fresh.GetAsync("/api/v1/users", Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task KeyToken_AfterKeyRevoked_RefusedAndNeverOutlivesTheKey()
    {
        var (_, adminToken) = await Service.CreateTenantAsync("key-" + Suffix());
        using var admin = Service.Client(adminToken);
        var key = await PostAsync(admin, "/api/v1/api-keys", new { name = "ci", role = "editor", expires_at = TimeProvider.System.GetUtcNow().AddMinutes(10) });
        var text = key.GetProperty("key").GetString()!;

        using var anonymous = Service.Client();
        using var exchanged = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { api_key = text }, Ct);
        var token = JsonDocument.Parse(await exchanged.Content.ReadAsStringAsync(Ct)).RootElement;
        var expiresIn = token.GetProperty("expires_in").GetInt32();
        Assert.InRange(expiresIn, 1, 600);

        using var byToken = Service.Client(token.GetProperty("access_token").GetString());
        using var byKey = Service.Client(apiKey: text);
        Assert.Equal(HttpStatusCode.OK, (await byToken.GetAsync("/api/v1/activities", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await byKey.GetAsync("/api/v1/activities", Ct)).StatusCode);

        using (var revoke = await admin.DeleteAsync($"/api/v1/api-keys/{key.GetProperty("id").GetGuid()}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await byToken.GetAsync("/api/v1/activities", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await byKey.GetAsync("/api/v1/activities", Ct)).StatusCode);
    }

    [Fact]
    public async Task CreateUser_EmailOfAnotherTenant_NoOracle_EachSignsInToItsOwn()
    {
        var suffix = Suffix();
        var (tenantA, tokenA) = await Service.CreateTenantAsync("ea-" + suffix);
        var (tenantB, tokenB) = await Service.CreateTenantAsync("eb-" + suffix);
        using var a = Service.Client(tokenA);
        using var b = Service.Client(tokenB);
        var email = $"shared-{suffix}@example.test";
        await CreateUserAsync(a, email, "password of tenant a user", "viewer");

        // B learns nothing: creating the same e-mail works as for any new address.
        await CreateUserAsync(b, email, "password of tenant b user", "editor");
        using (var again = await b.PostAsJsonAsync("/api/v1/users", new { email, password = "yet another long password", role = "viewer" }, Ct))
        {
            await AssertProblemAsync(again, HttpStatusCode.Conflict, "conflict");
        }

        Assert.Equal(tenantA, await TenantOfAsync(await Service.TokenAsync(email, "password of tenant a user")));
        Assert.Equal(tenantB, await TenantOfAsync(await Service.TokenAsync(email, "password of tenant b user")));

        // The same password in both: the tenant must be named.
        var emailBoth = $"both-{suffix}@example.test";
        await CreateUserAsync(a, emailBoth, Password, "viewer");
        await CreateUserAsync(b, emailBoth, Password, "viewer");
        var (status, problem) = await SignInAsync(emailBoth, Password);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("tenant_required", problem.GetProperty("code").GetString());
        var (named, token) = await SignInAsync(emailBoth, Password, "eb-" + suffix);
        Assert.Equal(HttpStatusCode.OK, named);
        Assert.Equal(tenantB, await TenantOfAsync(token.GetProperty("access_token").GetString()!));
    }

    [Fact]
    public async Task ActivityRecord_ImportIdOfAnotherTenantOrUnknown_Refused()
    {
        var suffix = Suffix();
        var (_, tokenA) = await Service.CreateTenantAsync("ia-" + suffix);
        var (_, tokenB) = await Service.CreateTenantAsync("ib-" + suffix);
        using var a = Service.Client(tokenA);
        using var b = Service.Client(tokenB);
        var importB = await Imports.ImportClient.UploadOkAsync(b, System.Text.Encoding.UTF8.GetBytes("Date,Amount,Unit,Activity\n2024-01-01,5,L,fuel.diesel\n"), "b.csv");
        var importId = importB.GetProperty("id").GetGuid();
        using (var commit = await b.PostAsync($"/api/v1/imports/{importId}/commit", null, Ct))
        {
            Assert.True(commit.IsSuccessStatusCode, await commit.Content.ReadAsStringAsync(Ct));
        }

        var planted = new { activity_id = "fuel.diesel", amount = 1, unit = "L", date = "2024-03-01", region = "GB", site = "planted", import_id = (Guid?)importId };
        var unknown = planted with { import_id = (Guid?)Guid.NewGuid() };
        using (var single = await a.PostAsJsonAsync("/api/v1/activities", planted, Ct))
        {
            await AssertProblemAsync(single, HttpStatusCode.UnprocessableEntity, "invalid_value", "import_id");
        }

        using (var random = await a.PostAsJsonAsync("/api/v1/activities", unknown, Ct))
        {
            await AssertProblemAsync(random, HttpStatusCode.UnprocessableEntity, "invalid_value", "import_id");
        }

        using (var batch = await a.PostAsJsonAsync("/api/v1/activities/batch", new { items = new object[] { planted with { import_id = (Guid?)null }, planted } }, Ct))
        {
            await AssertProblemAsync(batch, HttpStatusCode.UnprocessableEntity, "invalid_value", "items[1].import_id");
        }

        // B's import still holds exactly its own row, and its rollback deletes nothing of A's.
        var records = await GetAsync(b, $"/api/v1/activities?import_id={importId}");
        Assert.Equal(1, records.GetProperty("total").GetInt32());
        using (var rollback = await b.DeleteAsync($"/api/v1/imports/{importId}", Ct))
        {
            Assert.True(rollback.IsSuccessStatusCode);
        }

        // A record of A's own import is accepted.
        var importA = await Imports.ImportClient.UploadOkAsync(a, System.Text.Encoding.UTF8.GetBytes("Date,Amount,Unit,Activity\n2024-01-01,5,L,fuel.diesel\n"), "a.csv");
        using var own = await a.PostAsJsonAsync("/api/v1/activities", planted with { import_id = (Guid?)importA.GetProperty("id").GetGuid() }, Ct);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
    }

    [Theory]
    [InlineData("            ", "whitespace_only")]
    [InlineData("aaaaaaaaaaaa", "repetitive")]
    [InlineData("123456789012", "sequential")]
    [InlineData("P@ssw0rd2024!", "common_password")]
    [InlineData("short pass", "too_short")]
    public async Task Passwords_WeakOnes_RefusedOnCreateResetAndNewTenant(string password, string rule)
    {
        var slug = "wp-" + Suffix();
        var (_, adminToken) = await Service.CreateTenantAsync(slug);
        using var admin = Service.Client(adminToken);
        using (var create = await admin.PostAsJsonAsync("/api/v1/users", new { email = $"u{Suffix()}@wp.test", password, role = "viewer" }, Ct))
        {
            await AssertProblemAsync(create, HttpStatusCode.UnprocessableEntity, "weak_password", "password");
            Assert.Contains(rule, await create.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var id = await CreateUserAsync(admin, $"v{Suffix()}@wp.test", Password, "viewer");
        using (var reset = await admin.PatchAsJsonAsync($"/api/v1/users/{id}", new { password }, Ct))
        {
            await AssertProblemAsync(reset, HttpStatusCode.UnprocessableEntity, "weak_password", "password");
        }

        using var platform = Service.Client(await Service.TokenAsync());
        using var tenant = await platform.PostAsJsonAsync("/api/v1/tenants", new { slug = "wq-" + Suffix(), admin_email = $"boss@{slug}.test", admin_password = password }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tenant.StatusCode);
    }

    [Fact]
    public async Task LastAdmin_CannotBeDemotedDisabledOrDeleted()
    {
        var (_, adminToken) = await Service.CreateTenantAsync("la-" + Suffix());
        using var admin = Service.Client(adminToken);
        var adminId = (await GetAsync(admin, "/api/v1/me")).GetProperty("subject").GetString();
        foreach (var body in new object[] { new { role = "editor" }, new { disabled = true } })
        {
            using var response = await admin.PatchAsJsonAsync($"/api/v1/users/{adminId}", body, Ct);
            await AssertProblemAsync(response, HttpStatusCode.Conflict, "last_admin");
        }

        // An admin API key cannot delete the only admin user either.
        var key = (await PostAsync(admin, "/api/v1/api-keys", new { name = "ops", role = "admin" })).GetProperty("key").GetString();
        using var byKey = Service.Client(apiKey: key);
        using (var delete = await byKey.DeleteAsync($"/api/v1/users/{adminId}", Ct))
        {
            await AssertProblemAsync(delete, HttpStatusCode.Conflict, "last_admin");
        }

        Assert.Equal("admin", (await GetAsync(admin, "/api/v1/me")).GetProperty("role").GetString());

        // With a second admin, the first may step down.
        await CreateUserAsync(admin, $"deputy-{Suffix()}@la.test", Password, "admin");
        using var stepDown = await admin.PatchAsJsonAsync($"/api/v1/users/{adminId}", new { role = "editor" }, Ct);
        Assert.Equal(HttpStatusCode.OK, stepDown.StatusCode);
    }

    [Fact]
    public async Task Settings_RateLimitAbovePlatformCap_Refused_UntilPlatformRaisesIt()
    {
        var slug = "cap-" + Suffix();
        var (tenantId, adminToken) = await Service.CreateTenantAsync(slug);
        using var admin = Service.Client(adminToken);
        using (var greedy = await admin.PutAsJsonAsync("/api/v1/settings", new { rate_limit_per_minute = 10_000_000 }, Ct))
        {
            await AssertProblemAsync(greedy, HttpStatusCode.UnprocessableEntity, "above_platform_cap", "rate_limit_per_minute");
        }

        // Tenant admins cannot raise their own cap.
        using (var self = await admin.PatchAsJsonAsync($"/api/v1/tenants/{tenantId}", new { max_rate_limit_per_minute = 10_000_000 }, Ct))
        {
            await AssertProblemAsync(self, HttpStatusCode.Forbidden, "forbidden");
        }

        using var platform = Service.Client(await Service.TokenAsync());
        using (var raise = await platform.PatchAsJsonAsync($"/api/v1/tenants/{tenantId}", new { max_rate_limit_per_minute = 10_000_000 }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, raise.StatusCode);
        }

        using (var allowed = await admin.PutAsJsonAsync("/api/v1/settings", new { rate_limit_per_minute = 10_000_000 }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        // Lowering the cap lowers the effective limit at once, whatever the tenant set.
        using (var lower = await platform.PatchAsJsonAsync($"/api/v1/tenants/{tenantId}", new { max_rate_limit_per_minute = 1_000 }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, lower.StatusCode);
        }

        var settings = await GetAsync(admin, "/api/v1/settings");
        Assert.Equal(1_000, settings.GetProperty("effective_rate_limit_per_minute").GetInt32());
        Assert.Equal(1_000, settings.GetProperty("max_rate_limit_per_minute").GetInt32());
    }

    [Fact]
    public async Task ActivitiesBatch_ItemsChargedAgainstTheRateLimit()
    {
        var (_, adminToken) = await Service.CreateTenantAsync("rl-" + Suffix());
        using var admin = Service.Client(adminToken);
        using (var settings = await admin.PutAsJsonAsync("/api/v1/settings", new { rate_limit_per_minute = 60 }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        }

        var item = new { activity_id = "fuel.diesel", amount = 1, unit = "L", date = "2024-03-01", region = "GB" };
        using var batch = await admin.PostAsJsonAsync("/api/v1/activities/batch", new { items = Enumerable.Repeat(item, 500).ToArray() }, Ct);
        await AssertProblemAsync(batch, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(0, (await GetAsync(admin, "/api/v1/activities")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task TextFields_ControlAndBidiCharacters_Refused()
    {
        var (_, adminToken) = await Service.CreateTenantAsync("tx-" + Suffix());
        using var admin = Service.Client(adminToken);
        foreach (var name in new[] { "nul\0name", "esc\u001b[31mred", "invoice\u202Efdp.exe", "line\nbreak" })
        {
            using var user = await admin.PostAsJsonAsync("/api/v1/users", new { email = $"t{Suffix()}@tx.test", password = Password, role = "viewer", name }, Ct);
            await AssertProblemAsync(user, HttpStatusCode.UnprocessableEntity, "invalid_value", "name");
            using var key = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name, role = "viewer" }, Ct);
            await AssertProblemAsync(key, HttpStatusCode.UnprocessableEntity, "invalid_value", "name");
        }

        Assert.DoesNotContain("fdp.exe", await admin.GetStringAsync("/api/v1/users", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_AnonymousGetsStatusOnly_PlatformAdminGetsDetail()
    {
        using var anonymous = Service.Client();
        var text = await anonymous.GetStringAsync("/health/ready", Ct);
        Assert.DoesNotContain(Service.DataDirectory, text, StringComparison.Ordinal);
        var minimal = JsonDocument.Parse(text).RootElement;
        Assert.Equal("ready", minimal.GetProperty("status").GetString());
        Assert.False(minimal.TryGetProperty("sources", out _));
        Assert.False(minimal.GetProperty("database").TryGetProperty("provider", out _));

        var (_, tenantToken) = await Service.CreateTenantAsync("hl-" + Suffix());
        using var tenantAdmin = Service.Client(tenantToken);
        Assert.False((await GetAsync(tenantAdmin, "/health/ready")).TryGetProperty("sources", out _));

        using var platform = Service.Client(await Service.TokenAsync());
        Assert.True((await GetAsync(platform, "/health/ready")).TryGetProperty("sources", out _));
    }

    [Fact]
    public async Task Metrics_AnonymousAndTenantAdminsRefused_PlatformAdminServed()
    {
        using var anonymous = Service.Client();
        using (var response = await anonymous.GetAsync("/metrics", Ct))
        {
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        }

        var (_, tenantToken) = await Service.CreateTenantAsync("mt-" + Suffix());
        using var tenantAdmin = Service.Client(tenantToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tenantAdmin.GetAsync("/metrics", Ct)).StatusCode);

        using var platform = Service.Client(await Service.TokenAsync());
        Assert.Contains("factortrace_", await platform.GetStringAsync("/metrics", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataDirectory_DatabaseAndUploads_OwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var (_, token) = await Service.CreateTenantAsync("fp-" + Suffix());
        using var client = Service.Client(token);
        await Imports.ImportClient.UploadOkAsync(client, System.Text.Encoding.UTF8.GetBytes("Date,Amount,Unit,Activity\n2024-01-01,5,L,fuel.diesel\n"), "perm.csv");
        const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var checkedPaths = new List<string> { Service.DataDirectory };
        checkedPaths.AddRange(Directory.EnumerateFileSystemEntries(Service.DataDirectory, "*", SearchOption.AllDirectories));
        Assert.Contains(checkedPaths, p => p.EndsWith("factortrace.db-wal", StringComparison.Ordinal));
        Assert.Contains(checkedPaths, p => p.Contains("/imports/", StringComparison.Ordinal) && File.Exists(p));
        foreach (var path in checkedPaths)
        {
            Assert.True((File.GetUnixFileMode(path) & GroupOrOther) == 0, $"{path} is {File.GetUnixFileMode(path)}");
        }
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..8];

    private async Task<Guid> TenantOfAsync(string token)
    {
        using var client = Service.Client(token);
        return (await GetAsync(client, "/api/v1/me")).GetProperty("tenant_id").GetGuid();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SignInAsync(string email, string password, string? tenant = null)
    {
        using var client = Service.Client();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password, tenant }, Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone());
    }

    private static async Task<Guid> CreateUserAsync(HttpClient admin, string email, string password, string role) =>
        (await PostAsync(admin, "/api/v1/users", new { email, password, role })).GetProperty("id").GetGuid();

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static Task<JsonElement> GetAsync(HttpClient client, string path) => TenantIsolationTests.GetJsonAsync(client, path);

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }
}
