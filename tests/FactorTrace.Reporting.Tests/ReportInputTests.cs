using FactorTrace.Reporting.Model;
using FactorTrace.Reporting.Queries;
using FactorTrace.Reporting.Rendering;

namespace FactorTrace.Reporting.Tests;

/// <summary>Bad input is a <see cref="ReportInputException"/> with a code the service maps to a 4xx, never a half-made report.</summary>
[Collection(LedgerDefinition.Name)]
public sealed class ReportInputTests(LedgerFixture ledger)
{
    [Fact]
    public async Task NoCompletedRun_NamesThePeriodAndWhatToDo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await LedgerFixture.CreateDatabaseAsync(postgres: false, ct);
        await using var db = database.Open();

        var error = await Assert.ThrowsAsync<ReportInputException>(() =>
            new EsrsE1Query(db).BuildAsync(new ReportRequest("Acme", SmallLedger.From, SmallLedger.To, new ReportOptions()), ct));

        Assert.Equal("no_completed_run", error.Code);
        Assert.Contains("2024-01-01..2024-12-31", error.Message, StringComparison.Ordinal);
        Assert.Contains("factortrace calculate --from 2024-01-01 --to 2024-12-31", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-12-31", "2024-01-01", "invalid_period")]
    [InlineData("2015-01-01", "2024-12-31", "invalid_period")]
    public async Task PeriodOfTheWrongShape_Refused(string from, string to, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await LedgerFixture.CreateDatabaseAsync(postgres: false, ct);
        await using var db = database.Open();

        var error = await Assert.ThrowsAsync<ReportInputException>(() =>
            new EsrsE1Query(db).BuildAsync(new ReportRequest("Acme", DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), new ReportOptions()), ct));

        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("not-an-lei", null, null, "invalid_lei")]
    [InlineData(null, -5.0, null, "invalid_net_revenue")]
    [InlineData(null, null, 120.0, "invalid_ets_share")]
    public async Task InvalidOptions_Refused(string? lei, double? revenue, double? ets, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        var built = await ReportFixture.GetAsync(ledger);
        await using var database = await LedgerFixture.CreateDatabaseAsync(postgres: false, ct);
        await using var db = database.Open();
        await SmallLedger.StoreAsync(db, database.TenantId, ct);
        await ledger.CalculateAsync(db, database.TenantId, SmallLedger.From, SmallLedger.To, ct);
        var options = new ReportOptions { Lei = lei, NetRevenue = revenue is { } r ? new NetRevenue((decimal)r, "EUR") : null, EtsSharePercent = ets };

        var error = await Assert.ThrowsAsync<ReportInputException>(() => new EsrsE1Query(db).BuildAsync(new ReportRequest("Acme", SmallLedger.From, SmallLedger.To, options), ct));

        Assert.Equal(code, error.Code);
        Assert.NotNull(built);
    }

    [Fact]
    public async Task IxbrlWithoutLei_LeiRequired_OtherFormatsStillRender()
    {
        var report = (await ReportFixture.GetAsync(ledger)).Report;
        var withoutLei = report with { Entity = report.Entity with { Lei = null } };

        var error = Assert.Throws<LeiRequiredException>(() => ReportRenderer.ToText(withoutLei, ReportRenderer.WriteIxbrl));

        Assert.Equal("lei_required", error.Code);
        Assert.Contains("PUT /api/v1/settings", error.Message, StringComparison.Ordinal);
        Assert.Contains("7.229", ReportRenderer.ToText(withoutLei, ReportRenderer.WriteHtml), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutRevenue_NoIntensity_SaidInTheReport()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await LedgerFixture.CreateDatabaseAsync(postgres: false, ct);
        await using var db = database.Open();
        await SmallLedger.StoreAsync(db, database.TenantId, ct);
        await ledger.CalculateAsync(db, database.TenantId, SmallLedger.From, SmallLedger.To, ct);

        var report = await new EsrsE1Query(db).BuildAsync(new ReportRequest("Acme", SmallLedger.From, SmallLedger.To, new ReportOptions { Lei = ReportFixture.Lei }), ct);

        Assert.Null(report.IntensityLocation);
        Assert.Contains("No net revenue was given for the period", ReportRenderer.ToText(report, ReportRenderer.WriteHtml), StringComparison.Ordinal);
        Assert.Empty(Xbrl.IxbrlValidator.ForFolder(TestData.TaxonomyPath).Validate(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(ReportRenderer.ToText(report, ReportRenderer.WriteIxbrl)))));
    }

    [Fact]
    public void Lei_CheckDigits()
    {
        Assert.True(LegalEntityIdentifier.Problem(ReportFixture.Lei) is null);
        Assert.True(LegalEntityIdentifier.Problem("529900T8BM49AURSDO55") is null);
        Assert.False(LegalEntityIdentifier.Problem("5299000J2N45DDNE4Y29") is null);
        Assert.False(LegalEntityIdentifier.Problem("5299000J2N45DDNE4Y2") is null);
    }
}
