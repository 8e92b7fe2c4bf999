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
}
