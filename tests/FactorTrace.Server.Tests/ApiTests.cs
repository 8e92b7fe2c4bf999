using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FactorTrace.Server.Tests;

/// <summary>The API over real HTTP on the embedded default: answers, bad input, roles, keys, settings, limits, observability.</summary>
public sealed class ApiTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ServiceInstance _service = fixture.Service;

    private static readonly object Diesel = new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L" };

    [Theory]
    [InlineData("/api/v1/factors/resolve/batch")]
    [InlineData("/api/v1/estimate/batch")]
    [InlineData("/api/v1/factors/resolve")]
    public async Task Post_InvalidUtf8InAFieldName_400InvalidJsonNot500(string path)
    {
        // Found by fuzzing the JSON binders (docs/security.md): the batch reader decoded an unknown field's name and threw.
        using var client = _service.Client(await _service.TokenAsync());
        using var content = new ByteArrayContent([.. "{\""u8, 0x86, .. "\":1}"u8]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(path, content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {response.StatusCode} {text}");
        Assert.Equal("invalid_json", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Resolve_DieselGb2024_SameAnswerAsTheBroker()
    {
        using var client = _service.Client(await _service.TokenAsync());
        var answer = await PostJsonAsync(client, "/api/v1/factors/resolve", Diesel, HttpStatusCode.OK);
        Assert.Equal("desnz-2024:1_101_1011_8_1", answer.GetProperty("factor_id").GetString());
        Assert.Equal("AR6", answer.GetProperty("gwp").GetString());
        Assert.Equal(2.5138, answer.GetProperty("value").GetDouble(), 3);
        Assert.Equal(64, answer.GetProperty("provenance").GetProperty("sha256").GetString()!.Length);
        Assert.StartsWith("OGL", answer.GetProperty("licence").GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"activity\":", HttpStatusCode.BadRequest, "invalid_json", null)]
    [InlineData("[1,2,3]", HttpStatusCode.BadRequest, "invalid_json", null)]
    [InlineData("null", HttpStatusCode.BadRequest, "invalid_json", null)]
    [InlineData("{\"activity\":\"fuel.diesel\",\"region\":\"GB\",\"year\":\"2024x\",\"unit\":\"L\"}", HttpStatusCode.BadRequest, "invalid_json", "year")]
    [InlineData("{\"activity\":\"fuel.diesel\",\"region\":\"GB\",\"year\":2024.5,\"unit\":\"L\"}", HttpStatusCode.BadRequest, "invalid_json", "year")]
    [InlineData("{\"activity\":[\"x\"],\"region\":\"GB\",\"year\":2024,\"unit\":\"L\"}", HttpStatusCode.BadRequest, "invalid_json", "activity")]
    [InlineData("{\"activity\":\"fuel.diesel\",\"region\":\"GB\",\"year\":2024,\"unit\":\"L\",\"colour\":\"red\"}", HttpStatusCode.BadRequest, "invalid_json", "colour")]
    [InlineData("{\"region\":\"GB\",\"year\":2024,\"unit\":\"L\"}", HttpStatusCode.BadRequest, "missing_field", "activity")]
    [InlineData("{\"activity\":\"fuel.diesel\",\"region\":\"GB\",\"unit\":\"L\"}", HttpStatusCode.BadRequest, "missing_field", "year")]
    [InlineData("{\"activity\":\"fuel.diesel\",\"region\":\"GB\",\"year\":2024,\"unit\":\"furlong\"}", HttpStatusCode.UnprocessableEntity, "unknown_unit", "unit")]
    [InlineData("{\"activity\":\"fuel.diesel\",\"region\":\"GB\",\"year\":2024,\"unit\":\"ton\"}", HttpStatusCode.UnprocessableEntity, "ambiguous_unit", "unit")]
    [InlineData("{\"activity\":\"unobtainium smelting\",\"region\":\"GB\",\"year\":2024,\"unit\":\"kg\"}", HttpStatusCode.UnprocessableEntity, "unknown_activity", "activity")]
    [InlineData("{\"activity\":\"fuel.diesel\",\"region\":\"Atlantis\",\"year\":2024,\"unit\":\"L\"}", HttpStatusCode.UnprocessableEntity, "unknown_region", "region")]
    [InlineData("{\"activity\":\"fuel.diesel\",\"region\":\"GB\",\"year\":1700,\"unit\":\"L\"}", HttpStatusCode.UnprocessableEntity, "invalid_year", "year")]
    [InlineData("{\"activity\":\"fuel.diesel\",\"region\":\"GB\",\"year\":2024,\"unit\":\"L\",\"gwp\":\"AR9\"}", HttpStatusCode.UnprocessableEntity, "unknown_gwp", "gwp")]
    public async Task Resolve_BadInput_ProblemNamesTheField(string body, HttpStatusCode status, string code, string? field)
    {
        using var client = _service.Client(await _service.TokenAsync());
        using var response = await client.PostAsync("/api/v1/factors/resolve", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        var problem = await ProblemAsync(response);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task Resolve_WrongContentTypeOrHugeBody_4xxProblem()
    {
        using var client = _service.Client(await _service.TokenAsync());
        using (var text = await client.PostAsync("/api/v1/factors/resolve", new StringContent("activity=fuel.diesel", Encoding.UTF8, "text/plain"), Ct))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
            Assert.Equal("unsupported_media_type", (await ProblemAsync(text)).GetProperty("code").GetString());
        }

        // Expect: 100-continue lets the server refuse on Content-Length before the client sends 17 MB.
        client.DefaultRequestHeaders.ExpectContinue = true;
        var huge = "{\"activity\":\"" + new string('x', 17 * 1024 * 1024) + "\"}";
        using var big = await client.PostAsync("/api/v1/factors/resolve", new StringContent(huge, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Equal("payload_too_large", (await ProblemAsync(big)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task ResolveBatch_MixedItems_ResultsInRequestOrderEachWithItsOwnError()
    {
        using var client = _service.Client(await _service.TokenAsync());
        var body = """
            {"items":[
              {"activity":"fuel.diesel","region":"GB","year":2024,"unit":"L"},
              {"activity":"fuel.diesel","region":"GB","year":"soon","unit":"L"},
              {"activity":"electricity.grid","region":"FR","year":2023,"unit":"kWh"},
              {"activity":"fuel.diesel","region":"GB","year":2024,"unit":"parsec"},
              42
            ]}
            """;
        using var response = await client.PostAsync("/api/v1/factors/resolve/batch", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("results");
        Assert.Equal(5, results.GetArrayLength());
        Assert.Equal("fuel.diesel", results[0].GetProperty("activity_id").GetString());
        Assert.Equal("items[1].year", results[1].GetProperty("error").GetProperty("field").GetString());
        Assert.Equal("FR", results[2].GetProperty("region").GetString());
        Assert.Equal("unknown_unit", results[3].GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("invalid_json", results[4].GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ResolveBatch_TenThousandItems_AllAnsweredAndOverLimitRefused()
    {
        using var client = _service.Client(await _service.TokenAsync());
        var regions = new[] { "GB", "FR", "DE", "US", "JP" };
        var items = Enumerable.Range(0, 10_000).Select(i => new { activity = "electricity.grid", region = regions[i % regions.Length], year = 2020 + (i % 4), unit = "kWh" }).ToList();
        var results = (await PostJsonAsync(client, "/api/v1/factors/resolve/batch", new { items }, HttpStatusCode.OK)).GetProperty("results");
        Assert.Equal(10_000, results.GetArrayLength());
        Assert.All(results.EnumerateArray().Take(10), r => Assert.True(r.TryGetProperty("factor_id", out _), r.ToString()));
        Assert.Equal("JP", results[9_999].GetProperty("region").GetString());

        items.Add(items[0]);
        var tooMany = await PostJsonAsync(client, "/api/v1/factors/resolve/batch", new { items }, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("too_many_items", tooMany.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ResolveBatch_SummaryDetail_SameFactorAndHashAsFullAnswer()
    {
        using var client = _service.Client(await _service.TokenAsync());
        var full = await PostJsonAsync(client, "/api/v1/factors/resolve", Diesel, HttpStatusCode.OK);
        var summary = (await PostJsonAsync(client, "/api/v1/factors/resolve/batch?detail=summary", new { items = new[] { Diesel } }, HttpStatusCode.OK)).GetProperty("results")[0];
        Assert.Equal(full.GetProperty("factor_id").GetString(), summary.GetProperty("factor_id").GetString());
        Assert.Equal(full.GetProperty("value").GetDouble(), summary.GetProperty("value").GetDouble());
        Assert.Equal(full.GetProperty("provenance").GetProperty("sha256").GetString(), summary.GetProperty("sha256").GetString());
        Assert.False(summary.TryGetProperty("provenance", out _));
        var bad = await PostJsonAsync(client, "/api/v1/factors/resolve/batch?detail=everything", new { items = new[] { Diesel } }, HttpStatusCode.BadRequest);
        Assert.Equal("detail", bad.GetProperty("field").GetString());
    }

    [Fact]
    public async Task EstimateBatch_AmountsAndErrors_TotalOverEstimatedRows()
    {
        using var client = _service.Client(await _service.TokenAsync());
        var body = new
        {
            items = new object[]
            {
                new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L", amount = 100.0 },
                new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L" },
                new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L", amount = -50.0 },
            },
        };
        var result = await PostJsonAsync(client, "/api/v1/estimate/batch", body, HttpStatusCode.OK);
        var rows = result.GetProperty("results");
        Assert.Equal("amount", rows[1].GetProperty("error").GetProperty("field").GetString());
        Assert.Equal(rows[0].GetProperty("kg_co2e").GetDouble() / 2, result.GetProperty("total_kgco2e").GetDouble(), 9);
        Assert.Equal(2, result.GetProperty("estimated").GetInt32());
        Assert.Equal(1, result.GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task SearchAndFactorAndReferenceLists_Answer()
    {
        using var client = _service.Client(await _service.TokenAsync());
        var search = await TenantIsolationTests.GetJsonAsync(client, "/api/v1/factors/search?q=diesl&limit=3");
        Assert.Equal("fuel.diesel", search.GetProperty("hits")[0].GetProperty("id").GetString());
        var factor = await TenantIsolationTests.GetJsonAsync(client, "/api/v1/factors/desnz-2024:1_101_1011_8_1");
        Assert.Equal("desnz-2024", factor.GetProperty("dataset").GetProperty("id").GetString());
        using (var missing = await client.GetAsync("/api/v1/factors/desnz-2024:nope", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var badQuery = await client.GetAsync("/api/v1/factors/search?q=diesel&limit=zero", Ct))
        {
            Assert.Equal("limit", (await ProblemAsync(badQuery)).GetProperty("field").GetString());
        }

        var sources = (await TenantIsolationTests.GetJsonAsync(client, "/api/v1/sources")).GetProperty("sources");
        Assert.Equal("desnz", sources[0].GetProperty("id").GetString());
        Assert.Equal(1, sources[0].GetProperty("priority").GetInt32());
        Assert.Equal("available", sources[0].GetProperty("status").GetString());
        Assert.Contains((await TenantIsolationTests.GetJsonAsync(client, "/api/v1/regions")).GetProperty("regions").EnumerateArray(), r => r.GetProperty("code").GetString() == "EU27");
        Assert.Contains((await TenantIsolationTests.GetJsonAsync(client, "/api/v1/units")).GetProperty("units").EnumerateArray(), u => u.GetProperty("code").GetString() == "kWh");
        Assert.Contains((await TenantIsolationTests.GetJsonAsync(client, "/api/v1/gwp-sets")).GetProperty("gwp_sets").EnumerateArray(), g => g.GetProperty("id").GetString() == "AR6");
        var comparison = await PostJsonAsync(client, "/api/v1/factors/compare-gwp", Diesel, HttpStatusCode.OK);
        Assert.NotEqual(comparison.GetProperty("ar5").GetDouble(), comparison.GetProperty("ar6").GetDouble());
    }

    [Fact]
    public async Task Auth_NoOrBadCredentials_401Problem()
    {
        using var anonymous = _service.Client();
        using (var response = await anonymous.PostAsJsonAsync("/api/v1/factors/resolve", Diesel, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("unauthorized", (await ProblemAsync(response)).GetProperty("code").GetString());
        }

        using (var wrong = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = ServiceInstance.AdminEmail, password = "not the password" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("invalid_credentials", (await ProblemAsync(wrong)).GetProperty("code").GetString());
        }

        using var forged = _service.Client(apiKey: "ft_0123456789ab_notarealsecretnotarealsecret");
        using var forgedResponse = await forged.GetAsync("/api/v1/me", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedResponse.StatusCode);
    }

    [Fact]
    public async Task ApiKey_CreatedShownOnceWorksForTokenAndRevokedStops()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (_, token) = await _service.CreateTenantAsync("keys-" + suffix);
        using var admin = _service.Client(token);
        var created = await PostJsonAsync(admin, "/api/v1/api-keys", new { name = "ci", role = "viewer" }, HttpStatusCode.Created);
        var key = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(JsonValueKind.Null, (await TenantIsolationTests.GetJsonAsync(admin, $"/api/v1/api-keys/{id}")).GetProperty("key").ValueKind);

        using (var byKey = _service.Client(apiKey: key))
        {
            Assert.Equal("viewer", (await TenantIsolationTests.GetJsonAsync(byKey, "/api/v1/me")).GetProperty("role").GetString());
            await PostJsonAsync(byKey, "/api/v1/factors/resolve", Diesel, HttpStatusCode.OK);
            var forbidden = await PostJsonAsync(byKey, "/api/v1/users", new { email = $"x@{suffix}.test", password = "long enough password", role = "admin" }, HttpStatusCode.Forbidden);
            Assert.Equal("forbidden", forbidden.GetProperty("code").GetString());
        }

        var exchanged = await PostJsonAsync(_service.Client(), "/api/v1/auth/token", new { api_key = key }, HttpStatusCode.OK);
        Assert.True(exchanged.GetProperty("expires_in").GetInt32() > 0);

        using (var revoke = await admin.DeleteAsync($"/api/v1/api-keys/{id}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using var revoked = _service.Client(apiKey: key);
        using var after = await revoked.GetAsync("/api/v1/me", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task TenantSettings_AllowedSourcesAndPriority_ShapeAnswers()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (_, token) = await _service.CreateTenantAsync("set-" + suffix);
        using var admin = _service.Client(token);
        var request = new { activity = "electricity.grid", region = "FR", year = 2023, unit = "kWh" };
        var before = await PostJsonAsync(admin, "/api/v1/factors/resolve", request, HttpStatusCode.OK);

        using (var put = await admin.PutAsJsonAsync("/api/v1/settings", new Dictionary<string, object?> { ["source_priority"] = new[] { "electricitymaps", "ember" } }, Ct))
        {
            put.EnsureSuccessStatusCode();
        }

        var reordered = await PostJsonAsync(admin, "/api/v1/factors/resolve", request, HttpStatusCode.OK);
        Assert.Equal("electricitymaps", reordered.GetProperty("source").GetString());
        Assert.NotEqual(before.GetProperty("source").GetString(), reordered.GetProperty("source").GetString());

        using (var put = await admin.PutAsJsonAsync("/api/v1/settings", new Dictionary<string, object?> { ["allowed_sources"] = new[] { "ember" } }, Ct))
        {
            put.EnsureSuccessStatusCode();
        }

        Assert.Equal("ember", (await PostJsonAsync(admin, "/api/v1/factors/resolve", request, HttpStatusCode.OK)).GetProperty("source").GetString());
        var refused = await PostJsonAsync(admin, "/api/v1/factors/resolve", new { request.activity, request.region, request.year, request.unit, sources = new[] { "electricitymaps" } }, HttpStatusCode.Forbidden);
        Assert.Equal("source_not_allowed", refused.GetProperty("code").GetString());
        var bad = await PutJsonAsync(admin, "/api/v1/settings", new Dictionary<string, object?> { ["allowed_sources"] = new[] { "made-up" } }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("allowed_sources", bad.GetProperty("field").GetString());
    }

    [Fact]
    public async Task RateLimit_TenantLimitReached_429WithRetryAfter()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (_, token) = await _service.CreateTenantAsync("rl-" + suffix);
        using var admin = _service.Client(token);
        await PutJsonAsync(admin, "/api/v1/settings", new Dictionary<string, object?> { ["rate_limit_per_minute"] = 5 }, HttpStatusCode.OK);
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 20 && limited is null; i++)
        {
            var response = await admin.GetAsync("/api/v1/me", Ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("rate_limited", (await ProblemAsync(limited)).GetProperty("code").GetString());
        limited.Dispose();

        // Another tenant is not affected.
        using var other = _service.Client(await _service.TokenAsync());
        using var fine = await other.GetAsync("/api/v1/me", Ct);
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task RateLimit_BatchItems_EachItemCostsAToken()
    {
        var (_, token) = await _service.CreateTenantAsync("rlb-" + Guid.NewGuid().ToString("N")[..6]);
        using var admin = _service.Client(token);
        await PutJsonAsync(admin, "/api/v1/settings", new Dictionary<string, object?> { ["rate_limit_per_minute"] = 60 }, HttpStatusCode.OK);

        // Burst of ten: a batch of four (one token at the door, three for the other items) fits.
        await PostJsonAsync(admin, "/api/v1/factors/resolve/batch", new { items = Enumerable.Repeat(Diesel, 4).ToArray() }, HttpStatusCode.OK);
        var tooBig = await PostJsonAsync(admin, "/api/v1/factors/resolve/batch", new { items = Enumerable.Repeat(Diesel, 20).ToArray() }, HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limited", tooBig.GetProperty("code").GetString());
        Assert.Equal("items", tooBig.GetProperty("field").GetString());
        var exhausted = await PostJsonAsync(admin, "/api/v1/estimate/batch",
            new { items = Enumerable.Repeat(new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L", amount = 1.0 }, 9).ToArray() }, HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limited", exhausted.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Observability_MetricsOpenApiHealthAndRequestId()
    {
        using var client = _service.Client(await _service.TokenAsync());
        await PostJsonAsync(client, "/api/v1/factors/resolve", Diesel, HttpStatusCode.OK);
        await PostJsonAsync(client, "/api/v1/factors/resolve", new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "furlong" }, HttpStatusCode.UnprocessableEntity);
        var metrics = await client.GetStringAsync("/metrics", Ct);
        Assert.Contains("factortrace_resolve_outcomes_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("outcome=\"unknown_unit\"", metrics, StringComparison.Ordinal);
        Assert.Contains("source=\"desnz\"", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("factortrace_resolve_fallback_depth", metrics, StringComparison.Ordinal);

        var openApi = await client.GetStringAsync("/openapi/v1.json", Ct);
        Assert.Contains("/api/v1/factors/resolve", openApi, StringComparison.Ordinal);

        var ready = await TenantIsolationTests.GetJsonAsync(client, "/health/ready");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("ok", ready.GetProperty("database").GetProperty("status").GetString());
        Assert.Contains(ready.GetProperty("sources").EnumerateArray(), s => s.GetProperty("id").GetString() == "desnz" && s.GetProperty("status").GetString() == "available");

        using var response = await client.GetAsync("/api/v1/no-such-thing", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(response.Headers.Contains("X-Request-Id"));
        Assert.Equal("not_found", (await ProblemAsync(response)).GetProperty("code").GetString());
    }

    private static async Task<JsonElement> PostJsonAsync(HttpClient client, string path, object body, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync(path, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {text[..Math.Min(400, text.Length)]}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> PutJsonAsync(HttpClient client, string path, object body, HttpStatusCode expected)
    {
        using var response = await client.PutAsJsonAsync(path, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }
}
