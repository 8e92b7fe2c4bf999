using System.Net;
using System.Text;
using System.Text.Json;
using static FactorTrace.Server.Tests.Imports.ImportClient;

namespace FactorTrace.Server.Tests.Imports;

/// <summary>
/// Files in the shape of real exports (Imports/Fixtures): the mapping chosen without help, the rows valid after at most one
/// answer per ambiguous column, and the total after commit and calculation against the published datasets. Per-unit factors
/// as the datasets publish them: DESNZ 2024 diesel 2.5138018504 and petrol 2.0850953504 kg CO2e/L, natural gas
/// 2.0456460364 kg CO2e/m³ (5.3595973321 per US therm through its calorific value), national rail 0.0354735957, short-haul
/// economy flight 0.1828978127 and regular taxi 0.1486494528 kg CO2e/pkm; EPA GHG Emission Factors Hub diesel 10.21,
/// motor gasoline 8.78 and biodiesel 9.45 kg CO2e/US gallon; USEEIO 518210 0.0944229156 kg CO2e/USD; the French grid
/// 0.04418 kg CO2e/kWh.
/// </summary>
public abstract class ExportFixtureTests(ServiceInstance service)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, JsonElement Import)> UploadFixtureAsync(string name)
    {
        var (_, token) = await service.CreateTenantAsync($"fx-{Guid.NewGuid():N}"[..20]);
        var client = service.Client(token);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Imports", "Fixtures", name), Ct);
        return (client, await UploadOkAsync(client, bytes, name));
    }

    private static (string? Field, string? Unit, string? Currency) Mapped(JsonElement import, string header)
    {
        var column = import.GetProperty("mapping").GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("header").GetString() == header);
        static string? Text(JsonElement c, string name) => c.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return (Text(column, "field"), Text(column, "unit"), Text(column, "currency"));
    }

    private static (long Valid, long Invalid) Counts(JsonElement import) =>
        (import.GetProperty("summary").GetProperty("valid").GetInt64(), import.GetProperty("summary").GetProperty("invalid").GetInt64());

    private static List<JsonElement> Decisions(JsonElement import) =>
        import.TryGetProperty("decisions", out var d) && d.ValueKind == JsonValueKind.Array ? [.. d.EnumerateArray()] : [];

    private static async Task<List<JsonElement>> IssuesAsync(HttpClient client, JsonElement import, string severity) =>
        [.. (await OkAsync(client, HttpMethod.Get, $"/api/v1/imports/{import.GetProperty("id").GetString()}/errors?severity={severity}")).GetProperty("issues").EnumerateArray()];

    private static async Task<double> CommitAndCalculateAsync(HttpClient client, JsonElement import, long expectedStored, string from, string to)
    {
        var id = import.GetProperty("id").GetString();
        var commit = await OkAsync(client, HttpMethod.Post, $"/api/v1/imports/{id}/commit");
        Assert.Equal(expectedStored, commit.GetProperty("stored").GetInt64());
        var (status, run) = await SendAsync(client, HttpMethod.Post, "/api/v1/calculations", new { from, to });
        Assert.True(status == HttpStatusCode.Created, run.ToString());
        Assert.Equal(0, run.GetProperty("failed").GetInt32());
        var summary = await OkAsync(client, HttpMethod.Get, $"/api/v1/emissions/summary?from={from}&to={to}");
        return summary.GetProperty("total_kgco2e").GetDouble();
    }

    [Fact]
    public async Task UsUtilityBillInTherms_OneUnitDecisionForTheColumn_AnsweredOnceEveryRowCommitted()
    {
        var (client, import) = await UploadFixtureAsync("us-utility-bill-therms.csv");
        using var _ = client;
        Assert.Equal(("date", null, null), Mapped(import, "date"));
        Assert.Equal(("description", null, null), Mapped(import, "type"));
        Assert.Equal(("amount", null, null), Mapped(import, "therms"));
        Assert.Equal("mdy", import.GetProperty("mapping").GetProperty("columns")[0].GetProperty("date_order").GetString());
        Assert.Empty(import.GetProperty("unconfirmed_columns").EnumerateArray());

        // US or UK therm is not guessed: one question for the column, and no error on each of the 12 rows.
        var decision = Assert.Single(Decisions(import));
        Assert.Equal(("therms", "amount", "unit", "therms"), (decision.GetProperty("column").GetString(), decision.GetProperty("field").GetString(),
            decision.GetProperty("kind").GetString(), decision.GetProperty("value").GetString()));
        Assert.Equal(["therm_us", "therm_ec"], decision.GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
        Assert.False(decision.TryGetProperty("default", out var noDefault) && noDefault.ValueKind == JsonValueKind.String);
        Assert.Equal((0, 12), Counts(import));
        var errors = await IssuesAsync(client, import, "error");
        Assert.Equal(("decision_required", JsonValueKind.Null), (Assert.Single(errors).GetProperty("code").GetString(), errors[0].GetProperty("row").ValueKind));

        var answered = await OkAsync(client, HttpMethod.Put, $"/api/v1/imports/{import.GetProperty("id").GetString()}/mapping",
            new { columns = new[] { new { column = "therms", field = "amount", unit = "therm_us" } } });
        Assert.Equal((12, 0), Counts(answered));
        Assert.Empty(Decisions(answered));
        Assert.Equal("therm_us", answered.GetProperty("preview")[0].GetProperty("record").GetProperty("unit").GetString());
        Assert.Equal("fuel.natural-gas", answered.GetProperty("preview")[0].GetProperty("record").GetProperty("activity_id").GetString());

        double[] therms = [112, 98.5, 76, 41.2, 18, 9.6, 8, 7.4, 12, 35.8, 71, 104.3];
        Assert.Equal(therms.Sum() * 5.3595973321, await CommitAndCalculateAsync(client, answered, 12, "2024-01-01", "2024-12-31"), 0.01);
    }

    [Fact]
    public async Task FleetExportInGallons_MonthPeriodsActivityNamesAndUsGallonsFromTheCountryColumn_AssumedLoudly()
    {
        var (client, import) = await UploadFixtureAsync("fleet-gallons.csv");
        using var _ = client;
        Assert.Equal(("date", null, null), Mapped(import, "timestamp"));
        Assert.Equal(("amount", null, null), Mapped(import, "quantity"));
        Assert.Equal(("unit", null, null), Mapped(import, "units"));
        Assert.Equal(("activity", null, null), Mapped(import, "activity"));
        Assert.Equal(("region", null, null), Mapped(import, "country"));
        Assert.Null(Mapped(import, "vehicle").Field);

        // Every row valid with the default, but the default is a decision shown as a warning, never silent.
        Assert.Equal((9, 0), Counts(import));
        var decision = Assert.Single(Decisions(import));
        Assert.Equal(("units", "gallons", "gal_us"), (decision.GetProperty("column").GetString(), decision.GetProperty("value").GetString(), decision.GetProperty("default").GetString()));
        var warning = Assert.Single(await IssuesAsync(client, import, "warning"));
        Assert.Equal(("decision_assumed", "units"), (warning.GetProperty("code").GetString(), warning.GetProperty("column").GetString()));
        var first = import.GetProperty("preview")[0];
        Assert.Equal(("2019-10-01", "2019-10-31", "gal_us"), (first.GetProperty("record").GetProperty("period_start").GetString(),
            first.GetProperty("record").GetProperty("period_end").GetString(), first.GetProperty("record").GetProperty("unit").GetString()));
        Assert.Equal("assumed", first.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "unit").GetProperty("status").GetString());

        // Activity names, not ids, matched with their confidence shown.
        var names = import.GetProperty("preview").EnumerateArray().Select(r => r.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("field").GetString() == "activity")).ToList();
        Assert.All(names, c => Assert.Equal("matched", c.GetProperty("status").GetString()));
        Assert.Equal(["fuel.diesel", "fuel.petrol", "fuel.biodiesel"], names.Take(3).Select(c => c.GetProperty("value").GetString()));

        // The user can change the default (imperial gallons), and confirm it back: each answer applies to every row.
        var id = import.GetProperty("id").GetString();
        var imperial = await OkAsync(client, HttpMethod.Put, $"/api/v1/imports/{id}/mapping", new { values = new { unit = new Dictionary<string, string> { ["gallons"] = "gal_imp" } } });
        Assert.Empty(Decisions(imperial));
        Assert.All(imperial.GetProperty("preview").EnumerateArray(), r => Assert.Equal("gal_imp", r.GetProperty("record").GetProperty("unit").GetString()));
        var confirmed = await OkAsync(client, HttpMethod.Put, $"/api/v1/imports/{id}/mapping", new { values = new { unit = new Dictionary<string, string> { ["gallons"] = "gal_us" } } });
        Assert.Equal((9, 0), Counts(confirmed));
        Assert.Empty(await IssuesAsync(client, confirmed, "warning"));

        var expected = ((73 + 68 + 70) * 10.21) + ((24 + 31 + 27) * 8.78) + ((9 + 12 + 11) * 9.45);
        Assert.Equal(expected, await CommitAndCalculateAsync(client, confirmed, 9, "2019-01-01", "2019-12-31"), 0.01);
    }

    [Fact]
    public async Task FuelCardExport_MappedWithoutHelp_OnlyTheAdBlueRowRefused()
    {
        var (client, import) = await UploadFixtureAsync("fuel-card-en.csv");
        using var _ = client;
        Assert.Equal(("date", null, null), Mapped(import, "Transaction Date"));
        Assert.Equal(("site", null, null), Mapped(import, "Site Name"));
        Assert.Equal(("description", null, null), Mapped(import, "Product"));
        Assert.Equal(("amount", "L", null), Mapped(import, "Litres"));
        Assert.Equal(("spend", null, null), Mapped(import, "Net Amount"));
        Assert.Equal(("currency", null, null), Mapped(import, "Currency"));
        Assert.Null(Mapped(import, "Card Number").Field);
        Assert.Null(Mapped(import, "Price per Litre").Field);
        Assert.Equal((5, 1), Counts(import));
        // AdBlue is no fuel: the one question is for it, and only its row waits.
        var refused = Assert.Single(await IssuesAsync(client, import, "error"));
        Assert.Equal(("AdBlue", "decision_required"), (refused.GetProperty("value").GetString(), refused.GetProperty("code").GetString()));
        Assert.Equal("AdBlue", Assert.Single(Decisions(import)).GetProperty("value").GetString());

        var expected = ((45.20 + 52.75 + 47.00) * 2.5138018504) + ((38.10 + 35.60) * 2.0850953504);
        Assert.Equal(expected, await CommitAndCalculateAsync(client, import, 5, "2024-01-01", "2024-12-31"), 0.01);
    }

    [Fact]
    public async Task CloudBillInUsd_CurrencyFromTheHeader_OneActivityForTheWholeFile()
    {
        var (client, import) = await UploadFixtureAsync("cloud-bill-usd.csv");
        using var _ = client;
        Assert.Equal(("period", null, null), Mapped(import, "Billing Period"));
        Assert.Equal(("description", null, null), Mapped(import, "Service"));
        Assert.Equal(("region", null, null), Mapped(import, "Region"));
        Assert.Equal(("spend", null, "USD"), Mapped(import, "Cost (USD)"));

        // Service names match no activity well enough: one question per name (not per row); one default for the file answers them all.
        Assert.Equal((0, 6), Counts(import));
        Assert.Equal(3, Decisions(import).Count);
        Assert.All(Decisions(import), d => Assert.Equal((2, "Service"), (d.GetProperty("rows").GetInt64(), d.GetProperty("column").GetString())));
        var answered = await OkAsync(client, HttpMethod.Put, $"/api/v1/imports/{import.GetProperty("id").GetString()}/mapping",
            new { defaults = new Dictionary<string, string> { ["activity"] = "spend.naics.518210" } });
        Assert.Equal((6, 0), Counts(answered));
        var record = answered.GetProperty("preview")[0].GetProperty("record");
        Assert.Equal((1234.56, "USD", "US-EAST-1"), (record.GetProperty("spend").GetDouble(), record.GetProperty("currency").GetString(), record.GetProperty("region").GetString()));

        var expected = (1234.56 + 210.10 + 98.44 + 1188.02 + 215.37 + 101.90) * 0.0944229156;
        Assert.Equal(expected, await CommitAndCalculateAsync(client, answered, 6, "2024-01-01", "2024-12-31"), 0.01);
    }

    [Fact]
    public async Task TravelAgencyExport_FromAndToNotTakenForAPeriod_DistanceAnsweredAsPassengerKm()
    {
        var (client, import) = await UploadFixtureAsync("travel-agency.csv");
        using var _ = client;
        Assert.Equal(("date", null, null), Mapped(import, "Travel Date"));
        Assert.Equal(("description", null, null), Mapped(import, "Mode"));
        Assert.Equal(("amount", "km", null), Mapped(import, "Distance (km)"));
        Assert.Equal(("spend", null, "EUR"), Mapped(import, "Cost (EUR)"));
        Assert.Null(Mapped(import, "From").Field);
        Assert.Null(Mapped(import, "To").Field);
        Assert.Equal((5, 0), Counts(import));

        // A booking's distance is per traveller: the column's unit, answered once, is passenger-km.
        var answered = await OkAsync(client, HttpMethod.Put, $"/api/v1/imports/{import.GetProperty("id").GetString()}/mapping",
            new { columns = new[] { new { column = "Distance (km)", field = "amount", unit = "pkm" } } });
        Assert.Equal((5, 0), Counts(answered));
        var expected = (2 * 262 * 0.0354735957) + (2 * 930 * 0.1828978127) + (45 * 0.1486494528);
        Assert.Equal(expected, await CommitAndCalculateAsync(client, answered, 5, "2024-01-01", "2024-12-31"), 0.01);
    }

    [Fact]
    public async Task GermanGasBill_DecimalCommasAndUnitInHeader_OneValueMapForTheEnergyCarrier()
    {
        var (client, import) = await UploadFixtureAsync("erdgas-de.csv");
        using var _ = client;
        Assert.Equal(("date", null, null), Mapped(import, "Datum"));
        Assert.Equal(("site", null, null), Mapped(import, "Standort"));
        Assert.Equal(("description", null, null), Mapped(import, "Energieträger"));
        Assert.Equal(("amount", "m3", null), Mapped(import, "Verbrauch in m³"));
        Assert.Equal(("spend", null, "EUR"), Mapped(import, "Kosten (EUR)"));
        Assert.Equal((0, 4), Counts(import));

        // "Erdgas" matches no activity: one question for the text, with the nearest activities, not an error on each row.
        var decision = Assert.Single(Decisions(import));
        Assert.Equal(("Energieträger", "activity", "Erdgas", 4), (decision.GetProperty("column").GetString(), decision.GetProperty("kind").GetString(),
            decision.GetProperty("value").GetString(), decision.GetProperty("rows").GetInt64()));
        Assert.Contains("fuel.natural-gas", decision.GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.Null, Assert.Single(await IssuesAsync(client, import, "error")).GetProperty("row").ValueKind);

        var answered = await OkAsync(client, HttpMethod.Put, $"/api/v1/imports/{import.GetProperty("id").GetString()}/mapping",
            new { values = new { activity = new Dictionary<string, string> { ["Erdgas"] = "fuel.natural-gas" } } });
        Assert.Equal((4, 0), Counts(answered));
        var record = answered.GetProperty("preview")[0].GetProperty("record");
        Assert.Equal((1250.5, 1412.30, "EUR", "2024-01-31"), (record.GetProperty("amount").GetDouble(), record.GetProperty("spend").GetDouble(),
            record.GetProperty("currency").GetString(), record.GetProperty("date").GetString()));

        Assert.Equal((1250.5 + 1102.0 + 980.25 + 612.5) * 2.0456460364, await CommitAndCalculateAsync(client, answered, 4, "2024-01-01", "2024-12-31"), 0.01);
    }

    [Fact]
    public async Task FrenchElectricityBillInWindows1252_EuroInHeader_OneFileDecisionForTheActivity()
    {
        var (client, import) = await UploadFixtureAsync("electricite-fr.csv");
        using var _ = client;
        Assert.Equal(("date", null, null), Mapped(import, "Date"));
        Assert.Equal(("site", null, null), Mapped(import, "Site"));
        Assert.Equal(("amount", "kWh", null), Mapped(import, "Consommation (kWh)"));
        Assert.Equal(("spend", null, "EUR"), Mapped(import, "Montant (€)"));

        // No column says what the activity is: one question for the file, not an error per row.
        Assert.Equal((0, 3), Counts(import));
        var decision = Assert.Single(Decisions(import));
        Assert.Equal(("activity", JsonValueKind.Null), (decision.GetProperty("kind").GetString(), decision.GetProperty("column").ValueKind));
        Assert.Single(await IssuesAsync(client, import, "error"));

        var answered = await OkAsync(client, HttpMethod.Put, $"/api/v1/imports/{import.GetProperty("id").GetString()}/mapping",
            new { defaults = new Dictionary<string, string> { ["activity"] = "electricity.grid", ["region"] = "FR" } });
        Assert.Equal((3, 0), Counts(answered));
        Assert.Empty(Decisions(answered));
        var record = answered.GetProperty("preview")[0].GetProperty("record");
        Assert.Equal((12450.5, 2116.59), (record.GetProperty("amount").GetDouble(), record.GetProperty("spend").GetDouble()));

        Assert.Equal((12450.5 + 11980 + 10204.75) * 0.04418, await CommitAndCalculateAsync(client, answered, 3, "2024-01-01", "2024-12-31"), 0.01);
    }

    [Fact]
    public async Task AmbiguousDayMonthOrder_OneDecisionForTheColumn_DefaultFromTheFilesCountry()
    {
        using var client = service.Client((await service.CreateTenantAsync($"fx-{Guid.NewGuid():N}"[..20])).Token);
        const string Us = "Date,Activity,Amount,Unit,Country\n03/04/2024,fuel.diesel,1,L,US\n05/06/2024,fuel.diesel,2,L,US\n07/08/2024,fuel.diesel,3,L,US\n";
        var us = await UploadOkAsync(client, Encoding.UTF8.GetBytes(Us), "us.csv");
        var decision = Assert.Single(Decisions(us));
        Assert.Equal(("Date", "date_order", "mdy"), (decision.GetProperty("column").GetString(), decision.GetProperty("kind").GetString(), decision.GetProperty("default").GetString()));
        Assert.Equal(["dmy", "mdy"], decision.GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal((3, 0), Counts(us));
        Assert.Equal("2024-03-04", us.GetProperty("preview")[0].GetProperty("record").GetProperty("date").GetString());
        Assert.Empty(await IssuesAsync(client, us, "error"));

        // The question stays open across other mapping changes, and closes when the column's order is set.
        var id = us.GetProperty("id").GetString();
        var other = await OkAsync(client, HttpMethod.Put, $"/api/v1/imports/{id}/mapping", new { defaults = new Dictionary<string, string> { ["site"] = "Depot" } });
        Assert.Single(Decisions(other));
        var dayFirst = await OkAsync(client, HttpMethod.Put, $"/api/v1/imports/{id}/mapping", new { columns = new[] { new { column = "Date", field = "date", date_order = "dmy" } } });
        Assert.Empty(Decisions(dayFirst));
        Assert.Equal("2024-04-03", dayFirst.GetProperty("preview")[0].GetProperty("record").GetProperty("date").GetString());

        var unknown = await UploadOkAsync(client, Encoding.UTF8.GetBytes(Us.Replace(",US\n", ",\n", StringComparison.Ordinal)), "nowhere.csv");
        Assert.Equal("dmy", Assert.Single(Decisions(unknown)).GetProperty("default").GetString());
    }

    [Fact]
    public async Task HeaderCurrencyAndUnit_ShownAndChangedThroughTheMapping_ApplyToEveryRow()
    {
        using var client = service.Client((await service.CreateTenantAsync($"fx-{Guid.NewGuid():N}"[..20])).Token);
        const string Csv = "Date,Activity,Fuel (litres),Spend USD\n2024-03-01,fuel.diesel,100,150.00\n2024-03-02,fuel.diesel,50,75.00\n";
        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes(Csv), "header-units.csv");
        Assert.Equal(("amount", "L", null), Mapped(import, "Fuel (litres)"));
        Assert.Equal(("spend", null, "USD"), Mapped(import, "Spend USD"));
        Assert.All(import.GetProperty("preview").EnumerateArray(), r => Assert.Equal(("L", "USD"),
            (r.GetProperty("record").GetProperty("unit").GetString(), r.GetProperty("record").GetProperty("currency").GetString())));

        var id = import.GetProperty("id").GetString();
        var changed = await OkAsync(client, HttpMethod.Put, $"/api/v1/imports/{id}/mapping", new
        {
            columns = new object[] { new { column = "Fuel (litres)", field = "amount", unit = "gal (UK)" }, new { column = "Spend USD", field = "spend", currency = "EUR" } },
        });
        Assert.Equal(("amount", "gal_imp", null), Mapped(changed, "Fuel (litres)"));
        Assert.All(changed.GetProperty("preview").EnumerateArray(), r => Assert.Equal(("gal_imp", "EUR"),
            (r.GetProperty("record").GetProperty("unit").GetString(), r.GetProperty("record").GetProperty("currency").GetString())));

        // An ambiguous unit or a non-currency is refused as an answer, with the choices.
        var (status, problem) = await SendAsync(client, HttpMethod.Put, $"/api/v1/imports/{id}/mapping", new { columns = new[] { new { column = "Fuel (litres)", field = "amount", unit = "gal" } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("gal_us", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var (notMoney, _) = await SendAsync(client, HttpMethod.Put, $"/api/v1/imports/{id}/mapping", new { columns = new[] { new { column = "Spend USD", field = "spend", currency = "kWh" } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notMoney);
    }

    [Fact]
    public async Task OptionalFieldsWithProblems_WarningsOnTheirCells_RowsCommittedWithoutThem()
    {
        using var client = service.Client((await service.CreateTenantAsync($"fx-{Guid.NewGuid():N}"[..20])).Token);
        const string Csv = "Date,Activity,Amount,Unit,Spend,Currency,Scope,Country,Site\n" +
            "2024-03-01,fuel.diesel,100,L,12.50,XYZ,Scope 9,Atlantis,Leeds\n" +
            "2024-03-02,fuel.diesel,100,L,n/a,EUR,1,GB,Leeds\n" +
            "2024-03-03,fuel.diesel,abc,L,12.50,EUR,1,GB,Leeds\n";
        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes(Csv), "optional.csv");
        Assert.Equal((2, 1), Counts(import));
        var warnings = await IssuesAsync(client, import, "warning");
        Assert.Contains(warnings, w => w.GetProperty("code").GetString() == "unknown_currency" && w.GetProperty("row").GetInt64() == 2);
        Assert.Contains(warnings, w => w.GetProperty("code").GetString() == "invalid_scope" && w.GetProperty("row").GetInt64() == 2);
        Assert.Contains(warnings, w => w.GetProperty("code").GetString() == "unknown_region" && w.GetProperty("row").GetInt64() == 2);
        Assert.Contains(warnings, w => w.GetProperty("code").GetString() == "not_a_number" && w.GetProperty("row").GetInt64() == 3);
        // What the calculation needs stays an error: row 4's amount.
        var error = Assert.Single(await IssuesAsync(client, import, "error"));
        Assert.Equal((4, "not_a_number", "Amount"), (error.GetProperty("row").GetInt64(), error.GetProperty("code").GetString(), error.GetProperty("column").GetString()));

        var id = import.GetProperty("id").GetString()!;
        await OkAsync(client, HttpMethod.Post, $"/api/v1/imports/{id}/commit");
        var records = await RecordsAsync(client, id);
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("spend").ValueKind));
        Assert.Contains(records, r => r.GetProperty("region").ValueKind == JsonValueKind.Null && r.GetProperty("scope").ValueKind == JsonValueKind.Null);
    }
}

/// <summary>On the embedded default.</summary>
public sealed class SqliteExportFixtureTests(SqliteServiceFixture fixture) : ExportFixtureTests(fixture.Service), IClassFixture<SqliteServiceFixture>;

/// <summary>On PostgreSQL under row-level security (the commit is a binary COPY).</summary>
public sealed class PostgresExportFixtureTests(PostgresRlsOnlyFixture fixture) : ExportFixtureTests(fixture.Service), IClassFixture<PostgresRlsOnlyFixture>;
