using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Reporting.Model;
using FactorTrace.Reporting.Queries;
using FactorTrace.Server.Ledger;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Web.Pages;

/// <summary>The result rows behind a figure (the report's figure selector over a run), paged, each with the factor answer it used.</summary>
internal sealed class EmissionsModel(FactorTraceDb db) : PageModel
{
    public const int PageSize = 50;

    public string? Problem { get; private set; }

    public FigureSelector? Selector { get; private set; }

    public CalculationRun? Run { get; private set; }

    public IReadOnlyList<EmissionResult> Rows { get; private set; } = [];

    public IReadOnlyDictionary<int, RunFactor> Factors { get; private set; } = new Dictionary<int, RunFactor>();

    public int Offset { get; private set; }

    public long Total { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? run, int offset, CancellationToken cancellationToken)
    {
        Selector = FigureLinks.Read(Request.Query, out var problem);
        if (Selector is null || run is null)
        {
            Problem = problem ?? "Open this page from a figure of the dashboard or a report.";
            return Page();
        }

        // Another tenant's run is not found (query filters and row-level security), never shown.
        Run = await db.CalculationRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == run, cancellationToken);
        if (Run is null)
        {
            return NotFound();
        }

        Offset = Math.Max(0, offset);
        var query = db.EmissionResults.AsNoTracking().Apply(Run.Id, Selector);
        Total = await FigureSelectorQuery.CountAsync(db, Run.Id, Selector, cancellationToken);
        Rows = await query.OrderBy(r => r.AccountingDate).ThenBy(r => r.RecordId).ThenBy(r => r.Method).Skip(Offset).Take(PageSize).ToListAsync(cancellationToken);
        Factors = await new EmissionQueries(db).FactorsOfAsync(Run.Id, Rows, cancellationToken);
        return Page();
    }

    /// <summary>The source, factor id and licence of a row's factor answer, for the table.</summary>
    public (string Source, string Factor, string Licence)? FactorOf(EmissionResult row)
    {
        if (row.FactorNo < 0 || !Factors.TryGetValue(row.FactorNo, out var factor))
        {
            return null;
        }

        var answer = ResultRowView.Answers(new Dictionary<int, RunFactor> { [row.FactorNo] = factor })[row.FactorNo];
        var licence = answer.TryGetProperty("licence", out var l) && l.ValueKind == System.Text.Json.JsonValueKind.String ? l.GetString() ?? "" : "";
        return (factor.Source, factor.FactorId, licence);
    }
}
