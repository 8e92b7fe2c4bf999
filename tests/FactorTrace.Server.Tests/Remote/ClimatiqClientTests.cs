using System.Text.Json;
using FactorTrace.Remote;
using FactorTrace.Server.Tests.Doubles;

namespace FactorTrace.Server.Tests.Remote;

/// <summary>The Climatiq-shaped estimate client and source against a real HTTP server on 127.0.0.1.</summary>
public sealed class ClimatiqClientTests
{
    private const string Estimate = """
        {"co2e":0.207,"co2e_unit":"kg","co2e_calculation_method":"ar5","co2e_calculation_origin":"source",
         "emission_factor":{"name":"Electricity supplied from grid","activity_id":"electricity-supply_grid-source_supplier_mix","id":"f-1","source":"BEIS","year":2024,"region":"GB"},
         "constituent_gases":{"co2e_total":0.207,"co2e_other":null,"co2":0.205,"ch4":0.00003,"n2o":0.000002}}
        """;

    [Fact]
    public async Task Source_EstimateOfOneUnit_IsTheFactor_SelectorAndParametersSent()
    {
        await using var stub = await StubHttpServer.StartAsync();
        stub.Handler = c => StubHttpServer.Json(c, Estimate);
        using var registry = RemoteFixtures.Registry("climatiq", "climatiq", stub.Address, RemoteFixtures.Fast());

        var lookup = await registry.Find("climatiq")!.FindAsync(RemoteFixtures.Query(), TestContext.Current.CancellationToken);

        Assert.Equal("hit", lookup.ProvenanceOutcome);
        Assert.Equal(0.207, lookup.Factor!.KgCo2ePerUnit);
        Assert.Equal("AR5", lookup.Factor.GwpSet);
        Assert.Equal("kWh", lookup.Factor.Unit);
        Assert.Equal(0.205, lookup.Factor.GasMasses["CO2"]);
        var seen = Assert.Single(stub.Seen);
        Assert.Equal("/data/v1/estimate", seen.PathAndQuery);
        using var body = JsonDocument.Parse(seen.Body);
        Assert.Equal("electricity-supply_grid-source_supplier_mix", body.RootElement.GetProperty("emission_factor").GetProperty("activity_id").GetString());
        Assert.Equal("GB", body.RootElement.GetProperty("emission_factor").GetProperty("region").GetString());
        Assert.Equal(1, body.RootElement.GetProperty("parameters").GetProperty("energy").GetInt32());
        Assert.Equal("kWh", body.RootElement.GetProperty("parameters").GetProperty("energy_unit").GetString());
    }

    [Fact]
    public async Task Source_NoEmissionFactorsFound_IsAMiss()
    {
        await using var stub = await StubHttpServer.StartAsync();
        stub.Handler = c => StubHttpServer.Json(c, """{"error":"No emission factors found","error_code":"no_emission_factors_found","message":"none for GB 2024"}""", 400);
        using var registry = RemoteFixtures.Registry("climatiq", "climatiq", stub.Address, RemoteFixtures.Fast());

        var lookup = await registry.Find("climatiq")!.FindAsync(RemoteFixtures.Query(), TestContext.Current.CancellationToken);

        Assert.Equal("miss", lookup.ProvenanceOutcome);
        Assert.Equal("none for GB 2024", lookup.Detail);
    }

    [Fact]
    public async Task Batch_OverTheLimit_SplitIntoCallsOfAtMost100_ResultsInOrder_ItemErrorsKept()
    {
        await using var stub = await StubHttpServer.StartAsync();
        stub.Handler = async c =>
        {
            var requests = JsonDocument.Parse(stub.Seen.Last().Body).RootElement.EnumerateArray().ToList();
            if (requests.Count > ClimatiqClient.BatchLimit)
            {
                await StubHttpServer.Json(c, """{"error":"too many"}""", 400);
                return;
            }

            var results = requests.Select(r =>
            {
                var id = r.GetProperty("emission_factor").GetProperty("activity_id").GetString()!;
                var n = int.Parse(id[2..], System.Globalization.CultureInfo.InvariantCulture);
                return n % 50 == 7
                    ? "{\"error\":\"x\",\"error_code\":\"no_emission_factors_found\",\"message\":\"none for " + id + "\"}"
                    : "{\"co2e\":" + n + ",\"co2e_unit\":\"kg\",\"co2e_calculation_method\":\"ar6\",\"emission_factor\":{\"id\":\"" + id + "\"},\"constituent_gases\":{}}";
            });
            await StubHttpServer.Json(c, "{\"results\":[" + string.Join(',', results) + "]}");
        };
        using var registry = RemoteFixtures.Registry("climatiq", "climatiq", stub.Address, RemoteFixtures.Fast());
        var items = Enumerable.Range(0, 250)
            .Select(i => new ClimatiqEstimateRequest($"a-{i}", "GB", 2024, new Dictionary<string, object> { ["energy"] = 1, ["energy_unit"] = "kWh" }))
            .ToList();

        var results = await registry.Climatiq!.EstimateBatchAsync(items, TestContext.Current.CancellationToken);

        Assert.Equal(3, stub.Requests);
        Assert.Equal([100, 100, 50], stub.Seen.Select(s => JsonDocument.Parse(s.Body).RootElement.GetArrayLength()));
        Assert.Equal(250, results.Count);
        for (var i = 0; i < 250; i++)
        {
            if (i % 50 == 7)
            {
                Assert.Equal("no_emission_factors_found", results[i].Value!.ErrorCode);
            }
            else
            {
                Assert.Equal(i, results[i].Value!.Co2e);
            }
        }
    }

    [Fact]
    public async Task Batch_503WithRetryAfter_RetriedAndAnswered()
    {
        await using var stub = await StubHttpServer.StartAsync();
        var calls = 0;
        stub.Handler = c =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                c.Response.Headers.RetryAfter = "0";
                return StubHttpServer.Json(c, "{}", 503);
            }

            return StubHttpServer.Json(c, "{\"results\":[" + Estimate + "]}");
        };
        using var registry = RemoteFixtures.Registry("climatiq", "climatiq", stub.Address, RemoteFixtures.Fast());

        var results = await registry.Climatiq!.EstimateBatchAsync([new ClimatiqEstimateRequest("a-1", "GB", 2024, new Dictionary<string, object> { ["energy"] = 1 })], TestContext.Current.CancellationToken);

        Assert.Equal(0.207, Assert.Single(results).Value!.Co2e);
        Assert.Equal(2, stub.Requests);
    }
}
