using System.Text;
using FactorTrace.Reporting.Model;
using FactorTrace.Reporting.Pdf;
using FactorTrace.Reporting.Queries;
using FactorTrace.Reporting.Rendering;

namespace FactorTrace.Reporting.Tests;

/// <summary>The small ledger calculated once (2023 and 2024 runs), its 2024 report and every output format.</summary>
internal static class ReportFixture
{
    public const string Lei = "5299000J2N45DDNE4Y28";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Built? _built;

    public static ReportOptions Options { get; } = new()
    {
        Lei = Lei,
        NetRevenue = new NetRevenue(2_500_000m, "EUR"),
        EtsSharePercent = 12.5,
        Scope3Exclusions = new Dictionary<int, string> { [2] = "No capital goods were bought in 2024.", [15] = "The company holds no investments." },
        Narratives = new Dictionary<string, string>
        {
            [NarrativeKeys.Scope3Boundaries] = "Upstream categories 1, 3 and 6 for the <Leeds & York> sites; spend-based where no \"activity data\" exist.",
            [NarrativeKeys.Methodology] = "Operational control approach.",
        },
        NaceActivity = "C25.11",
        TonneDecimals = 3,
    };

    public static async Task<Built> GetAsync(LedgerFixture ledger, bool postgres = false)
    {
        if (postgres)
        {
            return await BuildAsync(ledger, postgres: true);
        }

        await Gate.WaitAsync();
        try
        {
            return _built ??= await BuildAsync(ledger, postgres: false);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<Built> BuildAsync(LedgerFixture ledger, bool postgres)
    {
        var ct = CancellationToken.None;
        await using var database = await LedgerFixture.CreateDatabaseAsync(postgres, ct);
        await using var db = database.Open();
        await SmallLedger.StoreAsync(db, database.TenantId, ct);
        await ledger.CalculateAsync(db, database.TenantId, new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), ct);
        await ledger.CalculateAsync(db, database.TenantId, SmallLedger.From, SmallLedger.To, ct);
        var report = await new EsrsE1Query(db).BuildAsync(new ReportRequest("Acme Fasteners GmbH", SmallLedger.From, SmallLedger.To, Options), ct);
        using var pdf = new MemoryStream();
        PdfReportRenderer.Write(report, pdf);
        return new Built(report,
            ReportRenderer.ToText(report, ReportRenderer.WriteHtml),
            ReportRenderer.ToText(report, ReportRenderer.WriteIxbrl),
            ReportRenderer.ToText(report, FigureExport.WriteCsv),
            ReportRenderer.ToText(report, FigureExport.WriteJson),
            pdf.ToArray());
    }

    public sealed record Built(EsrsE1Report Report, string Html, string Ixbrl, string Csv, string Json, byte[] Pdf)
    {
        public Stream IxbrlStream() => new MemoryStream(Encoding.UTF8.GetBytes(Ixbrl));
    }
}
