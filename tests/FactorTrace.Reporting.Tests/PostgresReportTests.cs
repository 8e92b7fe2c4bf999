namespace FactorTrace.Reporting.Tests;

/// <summary>The same ledger on PostgreSQL (row-level security, the application role) gives the same report as on SQLite.</summary>
[Collection(LedgerDefinition.Name)]
public sealed class PostgresReportTests(LedgerFixture ledger)
{
    [Fact]
    public async Task SameFiguresAsSqlite()
    {
        var sqlite = await ReportFixture.GetAsync(ledger);
        var postgres = await ReportFixture.GetAsync(ledger, postgres: true);

        var expected = sqlite.Report.Figures().ToDictionary(f => f.Id);
        var actual = postgres.Report.Figures().ToList();
        Assert.Equal(expected.Keys, actual.Select(f => f.Id));
        foreach (var figure in actual)
        {
            Assert.Equal(expected[figure.Id].Value, figure.Value, Math.Abs(figure.Value) * 1e-9);
            Assert.Equal(expected[figure.Id].Rows, figure.Rows);
        }

        Assert.Equal(sqlite.Report.Comparatives.Single().Figures["scope1"].Value, postgres.Report.Comparatives.Single().Figures["scope1"].Value, 1e-6);
        Assert.Empty(Xbrl.IxbrlValidator.ForFolder(TestData.TaxonomyPath).Validate(postgres.IxbrlStream()));
    }
}
