using System.Diagnostics;
using FactorTrace.Resilience;
using FactorTrace.Server.Tests.Doubles;

namespace FactorTrace.Server.Tests.Remote;

/// <summary>The licensed runtime-only source against a real HTTP server on 127.0.0.1.</summary>
public sealed class LicensedApiSourceTests
{
    [Fact]
    public async Task Answer_ParsedWithGasesVersionAndStatedGsd_KeyAndQuerySent()
    {
        await using var stub = await StubHttpServer.StartAsync();
        stub.Handler = c => StubHttpServer.Json(c, RemoteFixtures.LicensedAnswer);
        using var registry = RemoteFixtures.Registry("ecoinvent", "licensed-api", stub.Address, RemoteFixtures.Fast());

        var lookup = await registry.Find("ecoinvent")!.FindAsync(RemoteFixtures.Query(), TestContext.Current.CancellationToken);

        Assert.Equal("hit", lookup.ProvenanceOutcome);
        Assert.Equal(0.25, lookup.Factor!.KgCo2ePerUnit);
        Assert.Equal(0.24, lookup.Factor.GasMasses["CO2"]);
        Assert.Equal("3.10", lookup.Factor.Version);
        Assert.Equal(1.12, lookup.Factor.Gsd);
        var seen = Assert.Single(stub.Seen);
        Assert.Equal("Bearer secret-key", seen.Authorization);
        Assert.Equal("/v1/factors/match?activity=electricity.grid&region=GB&year=2024&unit=kWh&gwp=AR6", seen.PathAndQuery);
    }

    [Fact]
    public async Task NotFound_IsAMissNotAFailure()
    {
        await using var stub = await StubHttpServer.StartAsync();
        stub.Handler = c => StubHttpServer.Json(c, """{"error":"not_found"}""", 404);
        using var registry = RemoteFixtures.Registry("ecoinvent", "licensed-api", stub.Address, RemoteFixtures.Fast());
        var source = registry.Find("ecoinvent")!;

        var lookup = await source.FindAsync(RemoteFixtures.Query(), TestContext.Current.CancellationToken);

        Assert.Equal("miss", lookup.ProvenanceOutcome);
        Assert.Equal(1, stub.Requests);
        Assert.Equal(0, source.Dependency.Counts.Failures);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task RetryAfterZero_RetriedThenAnswered(int status)
    {
        await using var stub = await StubHttpServer.StartAsync();
        var calls = 0;
        stub.Handler = c =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                c.Response.Headers.RetryAfter = "0";
                return StubHttpServer.Json(c, """{"error":"busy"}""", status);
            }

            return StubHttpServer.Json(c, RemoteFixtures.LicensedAnswer);
        };
        using var registry = RemoteFixtures.Registry("ecoinvent", "licensed-api", stub.Address, RemoteFixtures.Fast());

        var lookup = await registry.Find("ecoinvent")!.FindAsync(RemoteFixtures.Query(), TestContext.Current.CancellationToken);

        Assert.Equal("hit", lookup.ProvenanceOutcome);
        Assert.Equal(2, stub.Requests);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task RetryAfterLongerThanAllowed_NotRetried_ErrorNamesIt(int status)
    {
        await using var stub = await StubHttpServer.StartAsync();
        stub.Handler = c =>
        {
            c.Response.Headers.RetryAfter = "120";
            return StubHttpServer.Json(c, """{"error":"busy"}""", status);
        };
        using var registry = RemoteFixtures.Registry("ecoinvent", "licensed-api", stub.Address, RemoteFixtures.Fast());

        var lookup = await registry.Find("ecoinvent")!.FindAsync(RemoteFixtures.Query(), TestContext.Current.CancellationToken);

        Assert.Equal("error", lookup.ProvenanceOutcome);
        Assert.Contains("Retry-After 120", lookup.Detail, StringComparison.Ordinal);
        Assert.Equal(1, stub.Requests);
    }

    [Fact]
    public async Task ServerError_RetriedBoundedTimes_ThenError()
    {
        await using var stub = await StubHttpServer.StartAsync();
        stub.Handler = c => StubHttpServer.Json(c, "{}", 500);
        using var registry = RemoteFixtures.Registry("ecoinvent", "licensed-api", stub.Address, RemoteFixtures.Fast(retries: 2));

        var lookup = await registry.Find("ecoinvent")!.FindAsync(RemoteFixtures.Query(), TestContext.Current.CancellationToken);

        Assert.Equal("error", lookup.ProvenanceOutcome);
        Assert.Equal(3, stub.Requests);
    }

    [Fact]
    public async Task SlowAnswer_TimesOutPerAttempt()
    {
        await using var stub = await StubHttpServer.StartAsync();
        stub.Handler = async c =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), c.RequestAborted);
            await StubHttpServer.Json(c, RemoteFixtures.LicensedAnswer);
        };
        var options = RemoteFixtures.Fast(retries: 0);
        options.Timeout = TimeSpan.FromMilliseconds(400);
        using var registry = RemoteFixtures.Registry("ecoinvent", "licensed-api", stub.Address, options);
        var watch = Stopwatch.StartNew();

        var lookup = await registry.Find("ecoinvent")!.FindAsync(RemoteFixtures.Query(), TestContext.Current.CancellationToken);

        Assert.Equal("timeout", lookup.ProvenanceOutcome);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(3));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"factor":{"id":"x","unit":"kWh","region":"GB","year":2024}}""")]
    [InlineData("""{"factor":{"id":"x","unit":"kWh","region":"GB","year":2024,"kgco2e_per_unit":-1}}""")]
    [InlineData("""{"something":"else"}""")]
    public async Task MalformedBody_IsAnError(string body)
    {
        await using var stub = await StubHttpServer.StartAsync();
        stub.Handler = c => StubHttpServer.Json(c, body);
        using var registry = RemoteFixtures.Registry("ecoinvent", "licensed-api", stub.Address, RemoteFixtures.Fast(retries: 0));

        var lookup = await registry.Find("ecoinvent")!.FindAsync(RemoteFixtures.Query(), TestContext.Current.CancellationToken);

        Assert.Equal("error", lookup.ProvenanceOutcome);
        Assert.Contains("malformed", lookup.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionRefused_IsAnError()
    {
        Uri address;
        await using (var stub = await StubHttpServer.StartAsync())
        {
            address = stub.Address;
        }

        using var registry = RemoteFixtures.Registry("ecoinvent", "licensed-api", address, RemoteFixtures.Fast(retries: 1));

        var lookup = await registry.Find("ecoinvent")!.FindAsync(RemoteFixtures.Query(), TestContext.Current.CancellationToken);

        Assert.Equal("error", lookup.ProvenanceOutcome);
        Assert.Equal(DependencyOutcome.Error, lookup.Outcome);
    }

    [Fact]
    public async Task ConcurrencyCap_NeverMoreInFlightThanConfigured()
    {
        await using var stub = await StubHttpServer.StartAsync();
        stub.Handler = async c =>
        {
            await Task.Delay(50, c.RequestAborted);
            await StubHttpServer.Json(c, RemoteFixtures.LicensedAnswer);
        };
        var options = RemoteFixtures.Fast();
        options.Timeout = TimeSpan.FromSeconds(5);
        using var registry = RemoteFixtures.Registry("ecoinvent", "licensed-api", stub.Address, options, s => s.MaxConcurrency = 2);
        var source = registry.Find("ecoinvent")!;

        var lookups = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => source.FindAsync(RemoteFixtures.Query(), TestContext.Current.CancellationToken).AsTask()));

        Assert.All(lookups, l => Assert.Equal("hit", l.ProvenanceOutcome));
        Assert.Equal(8, stub.Requests);
        Assert.Equal(2, stub.MaxInFlight);
    }
}
