using FactorTrace.Reporting.Model;
using FactorTrace.Reporting.Queries;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Reporting.Tests;

/// <summary>
/// A report of whole months reads the run's stored cells instead of its result rows: every figure, row count and record
/// count must be the one grouped from the rows, on both databases.
/// </summary>
[Collection(LedgerDefinition.Name)]
public sealed class RunCellsTests(LedgerFixture ledger)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Report_FromCells_EqualsTheReportGroupedFromTheRows(bool postgres)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await LedgerFixture.CreateDatabaseAsync(postgres, ct);
        await using var db = database.Open();
        await SmallLedger.StoreAsync(db, database.TenantId, ct);
        var run = await ledger.CalculateAsync(db, database.TenantId, SmallLedger.From, SmallLedger.To, ct);
        Assert.True(run.CellsWritten);
        Assert.NotEmpty(await db.RunCells.Where(c => c.RunId == run.Id).ToListAsync(ct));
        var request = new ReportRequest("Acme", SmallLedger.From, SmallLedger.To, ReportFixture.Options);
        var fromCells = await new EsrsE1Query(db).BuildAsync(request, ct);

        await db.CalculationRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.CellsWritten, false), ct);
        var fromRows = await new EsrsE1Query(db).BuildAsync(request, ct);

        Assert.Equal(fromRows.Run.Records, fromCells.Run.Records);
        Assert.Equal(fromRows.Run.FailedRecords, fromCells.Run.FailedRecords);
        var expected = fromRows.Figures().ToDictionary(f => f.Id);
        var actual = fromCells.Figures().ToList();
        Assert.Equal(expected.Keys, actual.Select(f => f.Id));
        foreach (var figure in actual)
        {
            Assert.Equal(expected[figure.Id].Value, figure.Value, Math.Abs(figure.Value) * 1e-9);
            Assert.Equal(expected[figure.Id].Rows, figure.Rows);
            Assert.Equal(expected[figure.Id].Uncertainty, figure.Uncertainty);
            Assert.Equal(expected[figure.Id].ProvenanceHashes, figure.ProvenanceHashes);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dashboard_FromCells_EqualsTheDashboardGroupedFromTheRows(bool postgres)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await LedgerFixture.CreateDatabaseAsync(postgres, ct);
        await using var db = database.Open();
        await SmallLedger.StoreAsync(db, database.TenantId, ct);
        var run = await ledger.CalculateAsync(db, database.TenantId, SmallLedger.From, SmallLedger.To, ct);
        var fromCells = await LedgerDashboard.LoadAsync(db, run, SmallLedger.From, SmallLedger.To, ct);
        await db.CalculationRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.CellsWritten, false), ct);
        var fromRows = await LedgerDashboard.LoadAsync(db, run, SmallLedger.From, SmallLedger.To, ct);

        static IEnumerable<ReportFigure> All(DashboardView v) =>
            v.Scopes.Concat(v.Scope3Categories).Concat(v.TopSites).Concat(v.Tiers).Concat(v.Months.SelectMany(m => new[] { m.Scope1, m.Scope2, m.Scope3 }));
        Assert.Equal((fromRows.Records, fromRows.FailedRecords), (fromCells.Records, fromCells.FailedRecords));
        var expected = All(fromRows).ToList();
        var actual = All(fromCells).ToList();
        Assert.Equal(expected.Select(f => f.Id), actual.Select(f => f.Id));
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e.Value, a.Value, Math.Abs(e.Value) * 1e-9);
            Assert.Equal(e.Rows, a.Rows);
        }

        // The dashboard's totals are the report's.
        var report = await new EsrsE1Query(db).BuildAsync(new ReportRequest("Acme", SmallLedger.From, SmallLedger.To, ReportFixture.Options), ct);
        Assert.Equal(report.TotalLocation.Value, fromCells.Scopes.Single(f => f.Id == "total.location").Value, 1e-6);
        Assert.Equal(report.Scope2Market.Value, fromCells.Scopes.Single(f => f.Id == "scope2.market").Value, 1e-6);
        Assert.True(fromCells.Scopes.Single(f => f.Id == "total.location").Uncertainty!.HighKg > report.TotalLocation.Value);
    }
}
