using System.Diagnostics;
using System.Globalization;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Data.Tenancy;
using FactorTrace.Reporting.Generation;
using FactorTrace.Reporting.Model;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Benchmarks;

/// <summary>
/// An ESRS E1 report (all five outputs: JSON, CSV, HTML, Inline XBRL, PDF) over a calculation run of N records, through
/// the same <see cref="ReportService"/> the API and the CLI use. Seeds and calculates first (not timed), then times the
/// report and prints the memory it allocated and the managed heap after it (issue 19: under 10 s at 1 M rows, memory
/// independent of rows). Usage: <c>FactorTrace.Benchmarks report-e2e sqlite|postgres [records]</c>.
/// </summary>
internal static class ReportEndToEnd
{
    /// <summary>
    /// The web dashboard's read (<see cref="Reporting.Queries.LedgerDashboard"/>) over the same seeded run: five timed
    /// loads after a first one, median and worst printed. Usage: <c>FactorTrace.Benchmarks dashboard-e2e sqlite|postgres [records]</c>.
    /// </summary>
    public static async Task<int> DashboardAsync(string provider, int count)
    {
        var (options, scope, run, resultRows) = await SeedAndCalculateAsync(provider, count).ConfigureAwait(false);
        var times = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            var clock = Stopwatch.StartNew();
            await using (var db = DatabaseSetup.CreateContext(options, owner: false, scope))
            {
                await Reporting.Queries.LedgerDashboard.LoadAsync(db, run, run.From, run.To, CancellationToken.None).ConfigureAwait(false);
            }

            times.Add(clock.Elapsed.TotalMilliseconds);
        }


        var timed = times.Skip(1).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider}: {run.Records:N0} records → {resultRows:N0} result rows; dashboard first {times[0]:N1} ms, then median {timed[timed.Count / 2]:N1} ms, worst {timed[^1]:N1} ms"));
        return 0;
    }

    public static async Task<int> RunAsync(string provider, int count)
    {
        var (options, scope, run, resultRows) = await SeedAndCalculateAsync(provider, count).ConfigureAwait(false);
        var tenantId = run.TenantId;

        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        Data.Reporting.Report? report;
        await using (var db = DatabaseSetup.CreateContext(options, owner: false, scope))
        {
            var service = new ReportService(db, TimeProvider.System);
            var created = await service.CreateAsync(new ReportOrder(ReportOrder.EsrsE1, run.From, run.To, run.Id, new NetRevenue(250_000_000m, "EUR")),
                new ReportActor(tenantId, "bench", null), CancellationToken.None).ConfigureAwait(false);
            report = await service.GenerateAsync(created.Id, null, CancellationToken.None).ConfigureAwait(false);
        }

        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long bytes;
        await using (var db = DatabaseSetup.CreateContext(options, owner: false, scope))
        {
            bytes = await db.ReportFiles.Where(f => f.ReportId == report!.Id).SumAsync(f => f.Length).ConfigureAwait(false);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider}: {run.Records:N0} records → {resultRows:N0} result rows; report {report?.Status} in {clock.Elapsed.TotalSeconds:0.00} s "
            + $"(5 files, {bytes / 1024.0:N0} KiB); allocated {allocated / 1048576.0:N1} MiB, managed heap after {GC.GetTotalMemory(true) / 1048576.0:N1} MiB"));
        return report?.Status == Data.Reporting.ReportStatus.Completed ? 0 : 1;
    }

    private static async Task<(DatabaseOptions Options, TenantScope Scope, CalculationRun Run, long ResultRows)> SeedAndCalculateAsync(string provider, int count)
    {
        var (broker, loaded) = LedgerWorkload.Load();
        var options = await BenchDatabase.CreateAsync(provider, "report").ConfigureAwait(false);
        var tenantId = Guid.CreateVersion7();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        await using (var owner = DatabaseSetup.CreateContext(options, owner: true, new TenantScope()))
        {
            await owner.Database.MigrateAsync().ConfigureAwait(false);
            owner.Tenants.Add(new Tenant { Id = tenantId, Slug = "bench", Name = "Bench", CreatedAt = now });
            owner.TenantSettings.Add(new TenantSettings { TenantId = tenantId, Lei = "529900T8BM49AURSDO55", NaceActivity = "C25.11", UpdatedAt = now, Version = Guid.NewGuid() });
            await owner.SaveChangesAsync().ConfigureAwait(false);
        }

        var scope = new TenantScope();
        scope.Set(tenantId);
        await LedgerWorkload.SeedAsync(options, scope, tenantId, count).ConfigureAwait(false);

        CalculationRun run;
        await using (var db = DatabaseSetup.CreateContext(options, owner: false, scope))
        {
            run = await new CalculationRunner(db, TimeProvider.System).RunAsync(
                RunRequest.For(broker, tenantId, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), "bench", "AR6"),
                LedgerWorkload.Engine(broker, loaded), a => System.Text.Json.JsonSerializer.Serialize(a), CancellationToken.None).ConfigureAwait(false);
        }

        long resultRows;
        await using (var db = DatabaseSetup.CreateContext(options, owner: false, scope))
        {
            resultRows = await db.EmissionResults.LongCountAsync(r => r.RunId == run.Id).ConfigureAwait(false);
        }

        return (options, scope, run, resultRows);
    }
}
