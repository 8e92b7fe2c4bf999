using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FactorTrace.Server.Tests;

/// <summary>
/// Two tenants; each endpoint and verb that takes an id is called by tenant A with tenant B's ids. Every call must answer
/// 404 exactly like a missing row, read nothing, change nothing, leave nothing of B's in A's audit log, and leave one
/// event in the platform's security log.
/// </summary>
public abstract class TenantIsolationTests(ServiceInstance service)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OtherTenantsIds_EveryEndpointAndVerb_NotFoundNothingReadNothingChanged()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (_, tokenA) = await service.CreateTenantAsync("a-" + suffix);
        var (tenantB, tokenB) = await service.CreateTenantAsync("b-" + suffix);
        using var a = service.Client(tokenA);
        using var b = service.Client(tokenB);

        var userB = await CreateAsync(b, "/api/v1/users", new { email = $"victim@b-{suffix}.test", password = "a long enough password", role = "editor", name = "Victim" });
        var keyB = await CreateAsync(b, "/api/v1/api-keys", new { name = "b-key", role = "viewer" });
        var keyTextB = keyB.GetProperty("key").GetString()!;
        using (var settings = await b.PutAsJsonAsync("/api/v1/settings", new Dictionary<string, object?> { ["allowed_sources"] = new[] { "desnz" } }, Ct))
        {
            settings.EnsureSuccessStatusCode();
        }

        var activityB = await CreateAsync(b, "/api/v1/activities", new { activity_id = "fuel.diesel", amount = 1000, unit = "L", date = "2024-03-01", region = "GB", site = "victim-site" });
        var factorB = await CreateAsync(b, "/api/v1/private-factors", new { activity_id = "fuel.petrol", unit = "L", kg_co2e_per_unit = 1.5, name = "victim-factor" });
        var runB = await CreateAsync(b, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" });
        var importB = await Imports.ImportClient.UploadOkAsync(b, System.Text.Encoding.UTF8.GetBytes("Date,Amount,Unit,Activity,Site\n2024-01-01,5,L,fuel.diesel,victim-import\n"), "victim.csv");
        var templateB = await CreateAsync(b, "/api/v1/mapping-templates", new { name = "victim-template", mapping = new { columns = new[] { new { index = 0, header = "Date", field = "date", method = "user", confidence = 1.0 } } } });
        var importId = importB.GetProperty("id").GetGuid();
        var templateId = templateB.GetProperty("id").GetGuid();
        var userId = userB.GetProperty("id").GetGuid();
        var keyId = keyB.GetProperty("id").GetGuid();
        var activityId = activityB.GetProperty("id").GetGuid();
        var factorId = factorB.GetProperty("id").GetGuid();
        var runId = runB.GetProperty("id").GetGuid();
        var calls = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, $"/api/v1/activities/{activityId}", null),
            (HttpMethod.Put, $"/api/v1/activities/{activityId}", new { activity_id = "fuel.diesel", amount = 1, unit = "L", date = "2024-03-01" }),
            (HttpMethod.Delete, $"/api/v1/activities/{activityId}", null),
            (HttpMethod.Get, $"/api/v1/private-factors/{factorId}", null),
            (HttpMethod.Put, $"/api/v1/private-factors/{factorId}", new { activity_id = "fuel.petrol", unit = "L", kg_co2e_per_unit = 0.0 }),
            (HttpMethod.Delete, $"/api/v1/private-factors/{factorId}", null),
            (HttpMethod.Get, $"/api/v1/calculations/{runId}", null),
            (HttpMethod.Get, $"/api/v1/emissions/summary?run={runId}", null),
            (HttpMethod.Get, $"/api/v1/emissions/records?run={runId}", null),
            (HttpMethod.Get, $"/api/v1/imports/{importId}", null),
            (HttpMethod.Put, $"/api/v1/imports/{importId}/mapping", new { columns = new[] { new { column = "Site", field = "notes" } } }),
            (HttpMethod.Patch, $"/api/v1/imports/{importId}/cells", new { cells = new[] { new { row = 2, column = "Amount", value = "9" } } }),
            (HttpMethod.Put, $"/api/v1/imports/{importId}/file", new { }),
            (HttpMethod.Get, $"/api/v1/imports/{importId}/errors", null),
            (HttpMethod.Get, $"/api/v1/imports/{importId}/records", null),
            (HttpMethod.Post, $"/api/v1/imports/{importId}/commit", null),
            (HttpMethod.Delete, $"/api/v1/imports/{importId}", null),
            (HttpMethod.Get, $"/api/v1/mapping-templates/{templateId}", null),
            (HttpMethod.Delete, $"/api/v1/mapping-templates/{templateId}", null),
            (HttpMethod.Get, $"/api/v1/users/{userId}", null),
            (HttpMethod.Patch, $"/api/v1/users/{userId}", new { role = "viewer", name = "Hijacked", disabled = true, password = "another long password" }),
            (HttpMethod.Delete, $"/api/v1/users/{userId}", null),
            (HttpMethod.Get, $"/api/v1/api-keys/{keyId}", null),
            (HttpMethod.Delete, $"/api/v1/api-keys/{keyId}", null),
        };
        foreach (var (method, path, body) in calls)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await a.SendAsync(request, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode} {text}");
            Assert.DoesNotContain("victim@", text, StringComparison.Ordinal);
            Assert.DoesNotContain("b-key", text, StringComparison.Ordinal);
            Assert.DoesNotContain("victim-", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(activityId.ToString(), await a.GetStringAsync("/api/v1/activities", Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(factorId.ToString(), await a.GetStringAsync("/api/v1/private-factors", Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(runId.ToString(), await a.GetStringAsync("/api/v1/calculations", Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(importId.ToString(), await a.GetStringAsync("/api/v1/imports", Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(templateId.ToString(), await a.GetStringAsync("/api/v1/mapping-templates", Ct), StringComparison.Ordinal);
        var untouched = await GetJsonAsync(b, $"/api/v1/imports/{importId}");
        Assert.Equal("validated", untouched.GetProperty("status").GetString());
        Assert.Equal(5, untouched.GetProperty("preview")[0].GetProperty("record").GetProperty("amount").GetDouble());
        Assert.Equal("victim-template", (await GetJsonAsync(b, $"/api/v1/mapping-templates/{templateId}")).GetProperty("name").GetString());
        Assert.Equal(1000, (await GetJsonAsync(b, $"/api/v1/activities/{activityId}")).GetProperty("amount").GetDouble());
        Assert.Equal(1.5, (await GetJsonAsync(b, $"/api/v1/private-factors/{factorId}")).GetProperty("kg_co2e_per_unit").GetDouble());
        Assert.Equal(1, (await GetJsonAsync(b, $"/api/v1/emissions/records?run={runId}")).GetProperty("items").GetArrayLength());

        // A's lists show none of B's rows; A's settings change does not touch B's.
        Assert.DoesNotContain(userId.ToString(), await a.GetStringAsync("/api/v1/users", Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(keyId.ToString(), await a.GetStringAsync("/api/v1/api-keys", Ct), StringComparison.Ordinal);
        Assert.DoesNotContain("victim@", await a.GetStringAsync("/api/v1/audit-events?limit=1000", Ct), StringComparison.Ordinal);
        using (var settings = await a.PutAsJsonAsync("/api/v1/settings", new Dictionary<string, object?> { ["rate_limit_per_minute"] = 99 }, Ct))
        {
            settings.EnsureSuccessStatusCode();
        }

        Assert.Equal(tenantB, (await GetJsonAsync(b, "/api/v1/tenant")).GetProperty("id").GetGuid());

        // B's rows are exactly as B left them.
        var user = await GetJsonAsync(b, $"/api/v1/users/{userId}");
        Assert.Equal("editor", user.GetProperty("role").GetString());
        Assert.Equal("Victim", user.GetProperty("name").GetString());
        Assert.False(user.GetProperty("disabled").GetBoolean());
        using (var login = await service.Client().PostAsJsonAsync("/api/v1/auth/token", new { email = $"victim@b-{suffix}.test", password = "a long enough password" }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        var key = await GetJsonAsync(b, $"/api/v1/api-keys/{keyId}");
        Assert.Equal(JsonValueKind.Null, key.GetProperty("revoked_at").ValueKind);
        using (var byKey = service.Client(apiKey: keyTextB))
        {
            Assert.Equal(tenantB, (await GetJsonAsync(byKey, "/api/v1/tenant")).GetProperty("id").GetGuid());
        }

        var settingsB = await GetJsonAsync(b, "/api/v1/settings");
        Assert.Equal(JsonValueKind.Null, settingsB.GetProperty("rate_limit_per_minute").ValueKind);
        Assert.Equal("desnz", settingsB.GetProperty("allowed_sources")[0].GetString());

        // Neither tenant's audit log mentions the probes or B's ids in A's log; the platform's security log has one per attempt.
        var auditB = await b.GetStringAsync("/api/v1/audit-events?limit=1000", Ct);
        Assert.DoesNotContain("cross_tenant", auditB, StringComparison.Ordinal);
        Assert.DoesNotContain("Hijacked", auditB, StringComparison.Ordinal);
        var auditA = await a.GetStringAsync("/api/v1/audit-events?limit=1000", Ct);
        Assert.DoesNotContain("cross_tenant", auditA, StringComparison.Ordinal);
        foreach (var id in new[] { userId, keyId, activityId, factorId, runId, importId, templateId })
        {
            Assert.DoesNotContain(id.ToString(), auditA, StringComparison.Ordinal);
        }

        using var platform = service.Client(await service.TokenAsync());
        var probes = await ServiceInstance.SecurityEventsAsync(platform, "access.cross_tenant_probe", e => e.GetProperty("target_tenant_id").GetString() == tenantB.ToString(), calls.Length);
        Assert.Equal(calls.Length, probes.Count);
        using (var tenantAdminLooks = await a.GetAsync("/api/v1/platform/security-events", Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, tenantAdminLooks.StatusCode);
        }

        // Platform-only endpoints stay closed to a tenant admin, for its own tenant and for B.
        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Patch, $"/api/v1/tenants/{tenantB}", new { max_rate_limit_per_minute = 1 }),
            (HttpMethod.Get, "/api/v1/tenants", null),
            (HttpMethod.Post, "/api/v1/tenants", new { slug = "c-" + suffix, admin_email = $"x@c-{suffix}.test", admin_password = "a long enough password" }),
        })
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await a.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task TwoTenants_ThousandsOfInterleavedRequestsOnSmallPool_ZeroLeaks()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var tenants = new[] { await service.CreateTenantAsync("x-" + suffix), await service.CreateTenantAsync("y-" + suffix) };
        var names = new[] { "x-" + suffix, "y-" + suffix };
        var clients = tenants.Select(t => service.Client(t.Token)).ToArray();
        var leaks = 0;
        var requests = 0;
        await Parallel.ForAsync(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = Ct }, async (i, ct) =>
        {
            var t = i % 2;
            var client = clients[t];
            var own = names[t];
            string body;
            switch (i / 2 % 4)
            {
                case 0:
                    using (var created = await client.PostAsJsonAsync("/api/v1/api-keys", new { name = $"{own}-key-{i}", role = "viewer" }, ct))
                    {
                        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                    }

                    body = await client.GetStringAsync("/api/v1/api-keys", ct);
                    break;
                case 1:
                    body = await client.GetStringAsync("/api/v1/users", ct);
                    break;
                case 2:
                    body = await client.GetStringAsync("/api/v1/audit-events?limit=200", ct);
                    break;
                default:
                    body = await client.GetStringAsync("/api/v1/tenant", ct);
                    break;
            }

            Interlocked.Increment(ref requests);
            if (body.Contains(names[1 - t], StringComparison.Ordinal))
            {
                Interlocked.Increment(ref leaks);
            }
        });

        Assert.True(requests >= 2000);
        Assert.Equal(0, leaks);
        for (var t = 0; t < 2; t++)
        {
            var keys = await GetJsonAsync(clients[t], "/api/v1/api-keys");
            Assert.Equal(250, keys.EnumerateArray().Count(k => k.GetProperty("name").GetString()!.StartsWith(names[t] + "-key-", StringComparison.Ordinal)));
            Assert.All(keys.EnumerateArray(), k => Assert.StartsWith(names[t], k.GetProperty("name").GetString()!, StringComparison.Ordinal));
            clients[t].Dispose();
        }
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    internal static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>On PostgreSQL with EF filters and row-level security.</summary>
public sealed class PostgresTenantIsolationTests(PostgresFiltersFixture fixture) : TenantIsolationTests(fixture.Service), IClassFixture<PostgresFiltersFixture>;

/// <summary>On PostgreSQL with the EF filters off: row-level security alone.</summary>
public sealed class RowLevelSecurityOnlyTenantIsolationTests(PostgresRlsOnlyFixture fixture) : TenantIsolationTests(fixture.Service), IClassFixture<PostgresRlsOnlyFixture>;

/// <summary>On the embedded SQLite default (EF filters only).</summary>
public sealed class SqliteTenantIsolationTests(SqliteServiceFixture fixture) : TenantIsolationTests(fixture.Service), IClassFixture<SqliteServiceFixture>;
