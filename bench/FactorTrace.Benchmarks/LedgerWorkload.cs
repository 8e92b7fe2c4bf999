using FactorTrace.Broker;
using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Data.Tenancy;
using FactorTrace.Datasets;
using FactorTrace.Datasets.Catalogue;
using FactorTrace.Datasets.Ingestion;
using Microsoft.Extensions.Options;

namespace FactorTrace.Benchmarks;

/// <summary>
/// A synthetic ledger over the real datasets: fuels, Scope 2 electricity (two result rows each) and spend in euros
/// (converted at the ECB rate of the date) across a few regions and every day of 2024.
/// </summary>
internal static class LedgerWorkload
{
    private static readonly (string Activity, string Unit, string? Currency)[] Kinds =
    [
        ("fuel.diesel", "L", null), ("fuel.petrol", "L", null), ("fuel.natural-gas", "kWh", null), ("fuel.lpg", "L", null),
        ("electricity.grid", "kWh", null), ("electricity.grid", "MWh", null),
        ("spend.naics.331110", "", "EUR"), ("spend.naics.541511", "", "EUR"), ("spend.naics.481111", "", "EUR"),
    ];

    private static readonly string[] Regions = ["GB", "US", "DE", "FR"];

    public static (FactorBroker Broker, LoadedDatasets Loaded) Load()
    {
        var path = Environment.GetEnvironmentVariable(DatasetsOptions.PathEnvironmentVariable)
            ?? throw new InvalidOperationException("Set FACTORTRACE_DATASETS_PATH to the datasets folder.");
        var loaded = new DatasetIngestor(DatasetCatalogue.Default, Options.Create(new DatasetsOptions { Path = path }))
            .IngestAsync([], CancellationToken.None).GetAwaiter().GetResult();
        return (BrokerFactory.Create(loaded), loaded);
    }

    public static CalculationEngine Engine(FactorBroker broker, LoadedDatasets loaded) =>
        new(broker, (request, _) => ValueTask.FromResult(broker.Resolve(request)), PrivateFactorBook.Empty, new SpendConverter(loaded.Rates!), "AR6");

    /// <summary>Stores <see cref="Records"/> as the tenant's activity records, 50,000 per save.</summary>
    public static async Task SeedAsync(DatabaseOptions options, TenantScope scope, Guid tenantId, int count)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        foreach (var chunk in Records(count).Chunk(50_000))
        {
            await using var db = DatabaseSetup.CreateContext(options, owner: false, scope);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.ActivityRecords.AddRange(chunk.Select(r => new ActivityRecord
            {
                Id = r.Id,
                TenantId = tenantId,
                ActivityId = r.ActivityId,
                Amount = r.Amount,
                Unit = r.Unit,
                Spend = r.Spend,
                Currency = r.Currency,
                Date = r.Date,
                AccountingDate = r.Date,
                Site = r.Site,
                Region = r.Region,
                CreatedAt = now,
                UpdatedAt = now,
            }));
            await db.SaveChangesAsync().ConfigureAwait(false);
        }
    }

    public static IEnumerable<ActivityInput> Records(int count, int seed = 7)
    {
        var random = new Random(seed);
        var start = new DateOnly(2024, 1, 1);
        for (var i = 0; i < count; i++)
        {
            var (activity, unit, currency) = Kinds[random.Next(Kinds.Length)];
            var amount = Math.Round(random.NextDouble() * 1000, 2) * (random.Next(50) == 0 ? -1 : 1);
            yield return new ActivityInput
            {
                Id = Guid.CreateVersion7(),
                ActivityId = activity,
                Amount = currency is null ? amount : null,
                Unit = currency is null ? unit : null,
                Spend = currency is null ? null : amount,
                Currency = currency,
                Date = start.AddDays(random.Next(366)),
                Site = $"site-{random.Next(20)}",
                Region = Regions[random.Next(Regions.Length)],
            };
        }
    }
}
