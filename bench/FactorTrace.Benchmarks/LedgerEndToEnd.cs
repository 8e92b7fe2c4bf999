using System.Diagnostics;
using System.Globalization;
using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FactorTrace.Benchmarks;

/// <summary>
/// Calculating N stored records end to end (read, calculate, write result rows and factor answers, one transaction)
/// against a raw bulk insert of the same result rows on the same database in the same run (issue 6 target: ≥ 0.4×).
/// A console measurement rather than BenchmarkDotNet: every iteration needs a database seeded with a million records.
/// Usage: <c>FactorTrace.Benchmarks ledger-e2e sqlite|postgres [records]</c> (postgres: FACTORTRACE_TEST_POSTGRES).
/// </summary>
internal static class LedgerEndToEnd
{
    public static async Task<int> RunAsync(string provider, int count)
    {
        var (broker, loaded) = LedgerWorkload.Load();
        var options = await BenchDatabase.CreateAsync(provider, "ledger").ConfigureAwait(false);
        var tenantId = Guid.CreateVersion7();
        await using (var owner = DatabaseSetup.CreateContext(options, owner: true, new TenantScope()))
        {
            await owner.Database.MigrateAsync().ConfigureAwait(false);
            owner.Tenants.Add(new Tenant { Id = tenantId, Slug = "bench", Name = "Bench", CreatedAt = TimeProvider.System.GetUtcNow().UtcDateTime });
            await owner.SaveChangesAsync().ConfigureAwait(false);
        }

        var scope = new TenantScope();
        scope.Set(tenantId);
        var seeding = Stopwatch.StartNew();
        await LedgerWorkload.SeedAsync(options, scope, tenantId, count).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider}: seeded {count:N0} records in {seeding.Elapsed.TotalSeconds:0.0} s"));

        CalculationRun run;
        var endToEnd = Stopwatch.StartNew();
        await using (var db = DatabaseSetup.CreateContext(options, owner: false, scope))
        {
            run = await new CalculationRunner(db, TimeProvider.System).RunAsync(
                RunRequest.For(broker, tenantId, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), "bench", "AR6"),
                LedgerWorkload.Engine(broker, loaded), a => System.Text.Json.JsonSerializer.Serialize(a), CancellationToken.None).ConfigureAwait(false);
        }

        endToEnd.Stop();
        var rows = new List<ResultRow>(count * 2);
        var engine = LedgerWorkload.Engine(broker, loaded);
        foreach (var record in LedgerWorkload.Records(count))
        {
            await engine.CalculateAsync(record, rows).ConfigureAwait(false);
        }

        var raw = Stopwatch.StartNew();
        await using (var db = DatabaseSetup.CreateContext(options, owner: false, scope))
        {
            var baseline = new CalculationRun
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                From = run.From,
                To = run.To,
                Status = "completed",
                GwpSet = "AR6",
                DatasetVersions = "",
                Generation = "",
                Actor = "baseline",
                StartedAt = TimeProvider.System.GetUtcNow().UtcDateTime,
            };
            db.CalculationRuns.Add(baseline);
            await db.SaveChangesAsync().ConfigureAwait(false);
            var transaction = await db.Database.BeginTransactionAsync().ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await ResultWriter.WriteAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction(), baseline.Id, tenantId, rows, CancellationToken.None).ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
            }
        }

        raw.Stop();
        var resultRows = rows.Count;
        var e2eRate = resultRows / endToEnd.Elapsed.TotalSeconds;
        var rawRate = resultRows / raw.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider}: {run.Records:N0} records → {resultRows:N0} result rows; end to end {endToEnd.Elapsed.TotalSeconds:0.00} s ({e2eRate:N0} rows/s); "
            + $"raw bulk insert of the same rows {raw.Elapsed.TotalSeconds:0.00} s ({rawRate:N0} rows/s); ratio {e2eRate / rawRate:0.00}×"));
        return 0;
    }
}
