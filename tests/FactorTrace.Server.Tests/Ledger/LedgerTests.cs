using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FactorTrace.Server.Tests.Ledger;

/// <summary>
/// The ledger over HTTP on the embedded default, with hand-checked values from the published datasets:
/// DESNZ 2024 diesel 2.5138 kg CO2e/L and natural gas 2.04544 kg CO2e/m³, UK grid 2024 0.207145 kg CO2e/kWh (AR6 from
/// its gases, fossil CH4 29.8), the 2021 UK residual mix 0.38096 kg CO2e/kWh, USEEIO 331110 0.790684 kg CO2e/USD (AR6, fossil CH4), ECB 2024-03-15 1 EUR = 1.0892 USD.
/// </summary>
public abstract class LedgerTests(ServiceInstance service)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ServiceInstance _service = service;

    private static readonly object[] Records =
    [
        new { activity_id = "fuel.diesel", amount = 1000, unit = "L", date = "2024-03-01", site = "Leeds", region = "GB" },
        new { activity_id = "fuel.diesel", amount = -100, unit = "litres", date = "2024-04-02", site = "Leeds", region = "GB", notes = "refund" },
        new { activity_id = "fuel.natural-gas", amount = 100, unit = "m3", date = "2024-03-05", site = "York", region = "GB" },
        new { activity_id = "electricity.grid", amount = 10000, unit = "kWh", period_start = "2024-03-01", period_end = "2024-03-31", site = "Leeds", region = "GB", supplier = "Grid Co" },
        new { activity_id = "electricity.grid", amount = 5000, unit = "kWh", date = "2024-05-01", site = "York", region = "GB", instrument = new { type = "certificate", reference = "REGO-42", kg_co2e_per_kwh = 0.0 } },
        new { activity_id = "spend.naics.331110", spend = 1000, currency = "EUR", date = "2024-03-16", region = "US", supplier = "Steelworks" },
        new { activity_id = "fuel.diesel", amount = 0, unit = "L", date = "2024-06-01", site = "Leeds", region = "GB" },
        new { description = "unobtainium smelting", amount = 5, unit = "kg", date = "2024-06-01", region = "GB" },
    ];

    private const double Scope1 = (900 * 2.5138) + (100 * 2.04544);
    private const double Scope2Location = 15000 * 0.207145;
    private const double Scope2Market = 10000 * 0.38096;
    private const double Scope3 = 1000 * 1.0892 * 0.790684;

    [Fact]
    public async Task Calculate_EachScopeAndBothScope2Methods_MatchHandCheckedValues()
    {
        using var client = await TenantClientAsync("calc");
        await PostAsync(client, "/api/v1/activities/batch", new { items = Records }, HttpStatusCode.Created);
        var run = await PostAsync(client, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(8, run.GetProperty("records").GetInt32());
        Assert.Equal(1, run.GetProperty("failed").GetInt32());

        var summary = await GetAsync(client, "/api/v1/emissions/summary?from=2024-01-01&to=2024-12-31&group_by=scope");
        var groups = summary.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        Assert.Equal(Scope1, groups["1"].GetProperty("kgco2e").GetDouble(), 0.5);
        Assert.Equal(Scope1, groups["1"].GetProperty("kgco2e_market_based").GetDouble(), 0.5);
        Assert.Equal(Scope2Location, groups["2"].GetProperty("kgco2e_location_based").GetDouble(), 0.1);
        Assert.Equal(Scope2Market, groups["2"].GetProperty("kgco2e_market_based").GetDouble(), 0.1);
        Assert.Equal(Scope3, groups["3"].GetProperty("kgco2e").GetDouble(), 0.05);
        Assert.Equal(Scope1 + Scope2Location + Scope3, summary.GetProperty("total_kgco2e").GetDouble(), 0.6);
        Assert.Equal(Scope1 + Scope2Market + Scope3, summary.GetProperty("total_kgco2e_market_based").GetDouble(), 0.6);
        Assert.Equal(Scope2Market, summary.GetProperty("scope2").GetProperty("market_based_kgco2e").GetDouble(), 0.1);

        // Biogenic CO2 of the diesel's biofuel share (DESNZ 2024 99_604_1011_8_2: 0.16 kg per litre), outside every scope.
        Assert.Equal(900 * 0.16, summary.GetProperty("biogenic_co2_kg").GetDouble(), 1e-6);
        Assert.Equal(8, summary.GetProperty("records").GetInt32());
        Assert.Equal(1, summary.GetProperty("failed_records").GetInt32());

        var analytical = summary.GetProperty("uncertainty").GetProperty("location_based").GetProperty("analytical");
        var monteCarlo = summary.GetProperty("uncertainty").GetProperty("location_based").GetProperty("monte_carlo");
        Assert.True(analytical.GetProperty("low95").GetDouble() < summary.GetProperty("total_kgco2e").GetDouble());
        Assert.True(analytical.GetProperty("high95").GetDouble() > summary.GetProperty("total_kgco2e").GetDouble());
        Assert.Equal(analytical.GetProperty("mean").GetDouble(), monteCarlo.GetProperty("mean").GetDouble(), analytical.GetProperty("mean").GetDouble() * 0.01);

        var months = await GetAsync(client, "/api/v1/emissions/summary?from=2024-01-01&to=2024-12-31&group_by=month");
        var byMonth = months.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("kgco2e").GetDouble());
        Assert.Equal((1000 * 2.5138) + (100 * 2.04544) + (10000 * 0.207145) + Scope3, byMonth["2024-03"], 0.5);
        Assert.Equal(-100 * 2.5138, byMonth["2024-04"], 0.05);

        var gases = await GetAsync(client, "/api/v1/emissions/summary?from=2024-01-01&to=2024-12-31&group_by=gas");
        var byGas = gases.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("kgco2e").GetDouble());
        Assert.Equal(gases.GetProperty("total_kgco2e").GetDouble(), byGas.Values.Sum(), 1e-6);
        Assert.True(byGas["co2"] > 0.9 * byGas.Values.Sum());

        var site = await GetAsync(client, "/api/v1/emissions/summary?from=2024-01-01&to=2024-12-31&group_by=site");
        var bySite = site.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("kgco2e").GetDouble());
        Assert.Equal((900 * 2.5138) + (10000 * 0.207145), bySite["Leeds"], 0.5);
    }

    [Fact]
    public async Task Calculate_BillSpanningThreeMonths_AllocatedByDaysToEachMonth()
    {
        using var client = await TenantClientAsync("alloc");
        // 600 m³ of natural gas from 15 January to 14 March 2024: 60 days, of which 17 in January, 29 in February, 14 in March.
        var bill = new { activity_id = "fuel.natural-gas", amount = 600, unit = "m3", period_start = "2024-01-15", period_end = "2024-03-14", site = "York", region = "GB" };
        await PostAsync(client, "/api/v1/activities", bill, HttpStatusCode.Created);
        var run = await PostAsync(client, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created);
        Assert.Equal(1, run.GetProperty("records").GetInt32());
        var total = run.GetProperty("total_kgco2e").GetDouble();
        Assert.Equal(600 * 2.04544, total, 0.5); // DESNZ's CO2e; the run recomputes it from the gases under AR6
        var perM3 = total / 600;

        var months = await GetAsync(client, "/api/v1/emissions/summary?from=2024-01-01&to=2024-12-31&group_by=month");
        var byMonth = months.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("kgco2e").GetDouble());
        Assert.Equal(["2024-01", "2024-02", "2024-03"], byMonth.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(170 * perM3, byMonth["2024-01"], 1e-6);
        Assert.Equal(290 * perM3, byMonth["2024-02"], 1e-6);
        Assert.Equal(140 * perM3, byMonth["2024-03"], 1e-6);
        Assert.Equal(1, months.GetProperty("records").GetInt32());

        // A run of February alone takes the bill's February days only.
        await PostAsync(client, "/api/v1/calculations", new { from = "2024-02-01", to = "2024-02-29" }, HttpStatusCode.Created);
        var february = await GetAsync(client, "/api/v1/emissions/summary?from=2024-02-01&to=2024-02-29");
        Assert.Equal(290 * perM3, february.GetProperty("total_kgco2e").GetDouble(), 1e-6);
        var rows = (await GetAsync(client, "/api/v1/emissions/records?from=2024-02-01&to=2024-02-29")).GetProperty("items").EnumerateArray().ToList();
        var row = Assert.Single(rows);
        Assert.Equal("2024-02-01", row.GetProperty("date").GetString());
        Assert.Equal(29.0 / 60, row.GetProperty("share").GetDouble(), 9);
        Assert.Equal(290, row.GetProperty("quantity").GetDouble(), 9);
    }

    [Fact]
    public async Task Records_CarryProvenanceRateAndMarketSteps()
    {
        using var client = await TenantClientAsync("rec");
        await PostAsync(client, "/api/v1/activities/batch", new { items = Records }, HttpStatusCode.Created);
        await PostAsync(client, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created);
        var page = await GetAsync(client, "/api/v1/emissions/records?from=2024-01-01&to=2024-12-31&limit=1000");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(10, items.Count); // 8 records, two of them in Scope 2 with a row per method

        var spend = items.Single(i => i.GetProperty("unit").GetString() == "USD");
        Assert.Contains("ECB 2024-03-15: 1 EUR = 1.0892 USD", spend.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(1089.2, spend.GetProperty("quantity").GetDouble(), 6);
        Assert.Equal(5, spend.GetProperty("quality_tier").GetInt32());
        Assert.Equal(64, spend.GetProperty("factor").GetProperty("provenance").GetProperty("sha256").GetString()!.Length);

        var residual = items.Single(i => i.GetProperty("method").GetString() == "market" && i.GetProperty("quantity").GetDouble() == 10000);
        Assert.Contains("contractual_instrument: none", residual.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Contains("supplier_factor: none stored for 'Grid Co'", residual.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Contains("residual_mix: climatiq-oefdb:", residual.GetProperty("note").GetString(), StringComparison.Ordinal);

        var certificate = items.Single(i => i.GetProperty("method").GetString() == "market" && i.GetProperty("quantity").GetDouble() == 5000);
        Assert.Equal(0, certificate.GetProperty("kgco2e").GetDouble());
        Assert.True(certificate.GetProperty("primary_data").GetBoolean());
        Assert.Contains("contractual_instrument: certificate REGO-42", certificate.GetProperty("note").GetString(), StringComparison.Ordinal);

        var failed = items.Single(i => i.GetProperty("status").GetString() == "error");
        Assert.Equal("unknown_activity", failed.GetProperty("error_code").GetString());
        Assert.Equal(0, failed.GetProperty("kgco2e").GetDouble());

        var zero = items.Single(i => i.GetProperty("date").GetString() == "2024-06-01" && i.GetProperty("status").GetString() == "ok");
        Assert.Equal(0, zero.GetProperty("kgco2e").GetDouble());
        var refund = items.Single(i => i.GetProperty("date").GetString() == "2024-04-02");
        Assert.Equal(-100 * 2.5138, refund.GetProperty("kgco2e").GetDouble(), 0.05);
    }

    [Fact]
    public async Task PrivateFactors_FirstInTheTenantsCascade_InvisibleToOthers()
    {
        using var client = await TenantClientAsync("own");
        using var other = await TenantClientAsync("other");
        var steel = await PostAsync(client, "/api/v1/private-factors", new
        {
            activity_id = "spend.naics.331110",
            name = "Steelworks EPD 2024",
            unit = "USD",
            kg_co2e_per_unit = 0.5,
            region = "US",
            supplier = "Steelworks",
            valid_from = "2024-01-01",
            valid_to = "2024-12-31",
            evidence = "EPD S-P-01234",
        }, HttpStatusCode.Created);
        await PostAsync(client, "/api/v1/private-factors", new
        {
            kind = "electricity_supplier",
            supplier = "Grid Co",
            unit = "kWh",
            kg_co2e_per_unit = 0.1,
            name = "Grid Co green tariff 2024",
            evidence = "fuel mix disclosure",
        }, HttpStatusCode.Created);

        var resolve = new { activity = "spend.naics.331110", region = "US", year = 2024, unit = "USD" };
        var own = await PostAsync(client, "/api/v1/factors/resolve", resolve, HttpStatusCode.OK);
        Assert.Equal("tenant-private", own.GetProperty("source").GetString());
        Assert.Equal(0.5, own.GetProperty("value").GetDouble(), 9);
        Assert.Contains("EPD S-P-01234", own.GetProperty("licence").GetProperty("attribution").GetString(), StringComparison.Ordinal);
        var shared = await PostAsync(other, "/api/v1/factors/resolve", resolve, HttpStatusCode.OK);
        Assert.Equal("epa-useeio", shared.GetProperty("source").GetString());
        using (var response = await other.GetAsync($"/api/v1/private-factors/{steel.GetProperty("id").GetString()}", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        await PostAsync(client, "/api/v1/activities/batch", new { items = Records }, HttpStatusCode.Created);
        await PostAsync(client, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created);
        var summary = await GetAsync(client, "/api/v1/emissions/summary?from=2024-01-01&to=2024-12-31&group_by=scope");
        var groups = summary.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        Assert.Equal(1000 * 1.0892 * 0.5, groups["3"].GetProperty("kgco2e").GetDouble(), 0.01);
        Assert.Equal(10000 * 0.1, groups["2"].GetProperty("kgco2e_market_based").GetDouble(), 0.01);
        var primary = (1000 * 1.0892 * 0.5) + (10000 * 0.1);
        Assert.Equal(primary / summary.GetProperty("total_kgco2e_market_based").GetDouble(),
            summary.GetProperty("primary_data_share").GetProperty("market_based").GetDouble(), 1e-6);
    }

    [Fact]
    public async Task Recalculation_NewResultSet_PreviousKeptWithItsProvenance()
    {
        using var client = await TenantClientAsync("recalc");
        await PostAsync(client, "/api/v1/activities", new { activity_id = "fuel.diesel", amount = 1000, unit = "L", date = "2024-03-01", region = "GB" }, HttpStatusCode.Created);
        var first = await PostAsync(client, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created);
        await PostAsync(client, "/api/v1/private-factors", new { activity_id = "fuel.diesel", unit = "L", kg_co2e_per_unit = 2.0, evidence = "supplier HVO blend" }, HttpStatusCode.Created);
        var second = await PostAsync(client, "/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, HttpStatusCode.Created);

        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("supersedes_run_id").GetString());
        Assert.Equal(2513.8, first.GetProperty("total_kgco2e").GetDouble(), 0.1);
        Assert.Equal(2000, second.GetProperty("total_kgco2e").GetDouble(), 1e-6);
        var latest = await GetAsync(client, "/api/v1/emissions/summary?from=2024-01-01&to=2024-12-31");
        Assert.Equal(2000, latest.GetProperty("total_kgco2e").GetDouble(), 1e-6);
        var earlier = await GetAsync(client, $"/api/v1/emissions/summary?run={first.GetProperty("id").GetString()}");
        Assert.Equal(2513.8, earlier.GetProperty("total_kgco2e").GetDouble(), 0.1);
        var records = await GetAsync(client, $"/api/v1/emissions/records?run={first.GetProperty("id").GetString()}");
        Assert.StartsWith("desnz-2024:", records.GetProperty("items")[0].GetProperty("factor").GetProperty("factor_id").GetString(), StringComparison.Ordinal);
        var runs = await GetAsync(client, "/api/v1/calculations");
        Assert.Equal(2, runs.GetArrayLength());
    }

    [Theory]
    [InlineData("{\"activity_id\":\"fuel.diesel\",\"amount\":5,\"date\":\"2024-01-01\"}", "missing_unit", "unit")]
    [InlineData("{\"activity_id\":\"fuel.diesel\",\"unit\":\"L\",\"date\":\"2024-01-01\"}", "missing_field", "amount")]
    [InlineData("{\"amount\":5,\"unit\":\"L\",\"date\":\"2024-01-01\"}", "missing_field", "activity_id")]
    [InlineData("{\"activity_id\":\"fuel.diesel\",\"amount\":5,\"unit\":\"furlong\",\"date\":\"2024-01-01\"}", "unknown_unit", "unit")]
    [InlineData("{\"activity_id\":\"fuel.diesel\",\"amount\":5,\"unit\":\"ton\",\"date\":\"2024-01-01\"}", "ambiguous_unit", "unit")]
    [InlineData("{\"activity_id\":\"fuel.diesel\",\"amount\":5,\"unit\":\"L\"}", "missing_field", "date")]
    [InlineData("{\"activity_id\":\"fuel.diesel\",\"amount\":5,\"unit\":\"L\",\"period_start\":\"2024-02-01\",\"period_end\":\"2024-01-01\"}", "invalid_value", "period_end")]
    [InlineData("{\"activity_id\":\"fuel.diesel\",\"amount\":5,\"unit\":\"L\",\"date\":\"2024-01-01\",\"scope\":\"4\"}", "invalid_value", "scope")]
    [InlineData("{\"activity_id\":\"fuel.diesel\",\"amount\":5,\"unit\":\"L\",\"date\":\"2024-01-01\",\"category\":\"3.16\"}", "invalid_value", "category")]
    [InlineData("{\"activity_id\":\"fuel.diesel\",\"amount\":1e300,\"unit\":\"L\",\"date\":\"2024-01-01\"}", "out_of_range", "amount")]
    [InlineData("{\"activity_id\":\"spend.naics.331110\",\"spend\":5,\"currency\":\"kg\",\"date\":\"2024-01-01\"}", "invalid_value", "currency")]
    [InlineData("{\"activity_id\":\"fuel.diesel\",\"amount\":\"five\",\"unit\":\"L\",\"date\":\"2024-01-01\"}", "invalid_json", "amount")]
    [InlineData("{\"activity_id\":\"fuel.diesel\",\"amount\":5,\"unit\":\"L\",\"date\":\"2024-13-01\"}", "invalid_json", "date")]
    public async Task CreateActivity_BadInput_ProblemNamesTheFieldAndStoresNothing(string body, string code, string field)
    {
        using var client = await TenantClientAsync("bad");
        using var response = await client.PostAsync("/api/v1/activities", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{response.StatusCode}");
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(0, (await GetAsync(client, "/api/v1/activities")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Batch_OneInvalidItem_NothingStoredEveryErrorListed()
    {
        using var client = await TenantClientAsync("batch");
        var items = new object[]
        {
            new { activity_id = "fuel.diesel", amount = 1, unit = "L", date = "2024-01-01" },
            new { activity_id = "fuel.diesel", amount = 1, date = "2024-01-01" },
            new { activity_id = "fuel.diesel", amount = 1, unit = "L", date = "2024-01-01", scope = "9" },
        };
        using var response = await client.PostAsJsonAsync("/api/v1/activities/batch", new { items }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(["items[1].unit", "items[2].scope"], fields);
        Assert.Equal(0, (await GetAsync(client, "/api/v1/activities")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("notes", "a\u001bb", "U+001B (ESC) at position 2")]
    [InlineData("site", "Leeds\u0000", "U+0000 (NUL) at position 6")]
    [InlineData("supplier", "Acme \u202Egnp.exe", "U+202E (RLO) at position 6")]
    [InlineData("description", "diesel\nfor generators", "U+000A (LF) at position 7")]
    public async Task CreateActivity_ControlOrBidiCharacter_422InvalidValueNamingTheFieldStoresNothing(string field, string text, string character)
    {
        using var client = await TenantClientAsync("unsafe");
        var body = new Dictionary<string, object> { ["activity_id"] = "fuel.diesel", ["amount"] = 5, ["unit"] = "L", ["date"] = "2024-01-01", [field] = text };

        using var response = await client.PostAsJsonAsync("/api/v1/activities", body, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("invalid_value", problem.GetProperty("code").GetString());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal($"{field} contains the control or bidirectional-override character {character}; remove it.", problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await GetAsync(client, "/api/v1/activities")).GetProperty("total").GetInt32());

        // A replacement is held to the same rule.
        var created = await PostAsync(client, "/api/v1/activities", new { activity_id = "fuel.diesel", amount = 5, unit = "L", date = "2024-01-01" }, HttpStatusCode.Created);
        using var put = await client.PutAsJsonAsync($"/api/v1/activities/{created.GetProperty("id").GetString()}", body, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode);
    }

    [Fact]
    public async Task ActivitiesAndPrivateFactors_ControlOrBidiCharacters_RefusedInBatchAndFactors_LineBreaksKeptInNotes()
    {
        using var client = await TenantClientAsync("unsafe-batch");
        var items = new object[]
        {
            new { activity_id = "fuel.diesel", amount = 1, unit = "L", date = "2024-01-01", notes = "two\r\nlines\tand a tab" },
            new { activity_id = "fuel.diesel", amount = 1, unit = "L", date = "2024-01-01", notes = "bell\u0007" },
            new { activity_id = "fuel.diesel", amount = 1, unit = "L", date = "2024-01-01", site = "\u2067Leeds\u2069" },
        };
        using (var response = await client.PostAsJsonAsync("/api/v1/activities/batch", new { items }, Ct))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors").EnumerateArray().ToList();
            Assert.Equal(["items[1].notes", "items[2].site"], errors.Select(e => e.GetProperty("field").GetString()));
            Assert.All(errors, e => Assert.Equal("invalid_value", e.GetProperty("code").GetString()));
        }

        var stored = await PostAsync(client, "/api/v1/activities/batch", new { items = new[] { items[0] } }, HttpStatusCode.Created);
        var record = await GetAsync(client, $"/api/v1/activities/{stored.GetProperty("ids")[0].GetString()}");
        Assert.Equal("two\r\nlines\tand a tab", record.GetProperty("notes").GetString());

        using var factor = await client.PostAsJsonAsync("/api/v1/private-factors", new { activity_id = "fuel.diesel", name = "EPD\u001b[8m", unit = "L", kg_co2e_per_unit = 2.5 }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, factor.StatusCode);
        var problem = JsonDocument.Parse(await factor.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(("invalid_value", "name"), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task Activities_CrudFilterAndPage()
    {
        using var client = await TenantClientAsync("crud");
        await PostAsync(client, "/api/v1/activities/batch", new { items = Records }, HttpStatusCode.Created);
        var page = await GetAsync(client, "/api/v1/activities?site=Leeds&limit=2&offset=1");
        Assert.Equal(4, page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        var march = await GetAsync(client, "/api/v1/activities?from=2024-03-01&to=2024-03-31");
        Assert.Equal(4, march.GetProperty("total").GetInt32());

        var created = await PostAsync(client, "/api/v1/activities", new { activity_id = "fuel.diesel", amount = 5, unit = "L", date = "2024-01-01", category = "6" }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        Assert.Equal("3.6", created.GetProperty("category").GetString());
        using (var put = await client.PutAsJsonAsync($"/api/v1/activities/{id}", new { activity_id = "fuel.diesel", amount = 7, unit = "L", date = "2024-01-02" }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Assert.Equal(7, (await GetAsync(client, $"/api/v1/activities/{id}")).GetProperty("amount").GetDouble());
        using (var delete = await client.DeleteAsync($"/api/v1/activities/{id}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var gone = await client.GetAsync($"/api/v1/activities/{id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Summary_NoRunCoversThePeriod_404WithWhatToDo()
    {
        using var client = await TenantClientAsync("norun");
        using var response = await client.GetAsync("/api/v1/emissions/summary?from=2023-01-01&to=2023-12-31", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no_calculation", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var badGroup = await client.GetAsync("/api/v1/emissions/summary?from=2023-01-01&to=2023-12-31&group_by=colour", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badGroup.StatusCode);
    }

    private async Task<HttpClient> TenantClientAsync(string prefix)
    {
        var (_, token) = await _service.CreateTenantAsync($"{prefix}-{Guid.NewGuid():N}"[..20]);
        return _service.Client(token);
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync(path, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"{path}: {response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>On the embedded default.</summary>
public sealed class SqliteLedgerTests(SqliteServiceFixture fixture) : LedgerTests(fixture.Service), IClassFixture<SqliteServiceFixture>;

/// <summary>On PostgreSQL as the application role, under row-level security (results written with INSERT … unnest).</summary>
public sealed class PostgresLedgerTests(PostgresRlsOnlyFixture fixture) : LedgerTests(fixture.Service), IClassFixture<PostgresRlsOnlyFixture>;
