using FactorTrace.Reporting.Model;
using FactorTrace.Reporting.Queries;
using FactorTrace.Reporting.Rendering;

namespace FactorTrace.Reporting.Tests;

[Collection(LedgerDefinition.Name)]
public sealed class ExploreTests(LedgerFixture fixture)
{
    [Fact]
    public async Task Dump()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await LedgerFixture.CreateDatabaseAsync(postgres: false, ct);
        await using var db = database.Open();
        await SmallLedger.StoreAsync(db, database.TenantId, ct);
        await fixture.CalculateAsync(db, database.TenantId, new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), ct);
        await fixture.CalculateAsync(db, database.TenantId, SmallLedger.From, SmallLedger.To, ct);
        var report = await new EsrsE1Query(db).BuildAsync(new ReportRequest("Acme", SmallLedger.From, SmallLedger.To,
            new ReportOptions { Lei = "5299000J2N45DDNE4Y28", NetRevenue = new NetRevenue(2_500_000m, "EUR") }), ct);
        File.WriteAllText("/tmp/report.html", ReportRenderer.ToText(report, ReportRenderer.WriteHtml));
        File.WriteAllText("/tmp/report.xhtml", ReportRenderer.ToText(report, ReportRenderer.WriteIxbrl));
        File.WriteAllText("/tmp/report.csv", ReportRenderer.ToText(report, FigureExport.WriteCsv));
        File.WriteAllText("/tmp/report.json", ReportRenderer.ToText(report, FigureExport.WriteJson));
        using (var pdf = File.Create("/tmp/report.pdf"))
        {
            Pdf.PdfReportRenderer.Write(report, pdf);
        }
    }
}
