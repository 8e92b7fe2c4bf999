using FactorTrace.Broker;
using FactorTrace.Remote;
using FactorTrace.Resilience;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Tests.Remote;

internal static class RemoteFixtures
{
    public static readonly ActivityRef Grid = new("electricity.grid", "Grid electricity",
        new Dictionary<string, IReadOnlyList<string>> { ["climatiq-oefdb"] = ["electricity-supply_grid-source_supplier_mix"] });

    public static RemoteQuery Query(string region = "GB", int year = 2024) => new(Grid, region, year, "kWh", "energy", "AR6");

    public const string LicensedAnswer = """
        {"factor":{"id":"eco-123","name":"market for electricity, low voltage","region":"GB","year":2024,"unit":"kWh",
         "gwp":"AR6","kgco2e_per_unit":0.25,"gases":{"co2":0.24,"ch4":0.0003,"n2o":0.00001},"version":"3.10","gsd":1.12}}
        """;

    public static DependencyRegistry Dependencies(string id, DependencyOptions options, TimeProvider? time = null) =>
        new(Options.Create(new ResilienceOptions { Dependencies = new(StringComparer.OrdinalIgnoreCase) { [id] = options } }), time ?? TimeProvider.System);

    public static RemoteSourceRegistry Registry(string id, string kind, Uri baseUrl, DependencyOptions resilience, Action<RemoteSourceOptions>? configure = null)
    {
        var source = new RemoteSourceOptions
        {
            Kind = kind,
            BaseUrl = baseUrl,
            ApiKey = "secret-key",
            DataVersion = "^21",
            Licence = new RemoteLicenceOptions { Id = "ecoinvent-eula", Attribution = "ecoinvent v3.10", BulkExport = false, MaxCacheAge = TimeSpan.FromHours(24) },
        };
        configure?.Invoke(source);
        var options = new RemoteSourcesOptions { Sources = new(StringComparer.OrdinalIgnoreCase) { [id] = source } };
        return new RemoteSourceRegistry(options, new Clients(baseUrl), Dependencies(id, resilience), TimeProvider.System);
    }

    /// <summary>Fast settings for tests against a local stub: short timeout and back-off, breaker out of the way.</summary>
    public static DependencyOptions Fast(int retries = 2) => new()
    {
        Timeout = TimeSpan.FromSeconds(2),
        MaxRetries = retries,
        RetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryAfter = TimeSpan.FromSeconds(1),
        MinimumThroughput = 1000,
    };

    private sealed class Clients(Uri baseUrl) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new() { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
    }
}
