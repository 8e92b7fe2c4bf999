using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Server.Ledger;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Web.Pages.Calculations;

/// <summary>One run: its totals, dataset versions, what it superseded and what superseded it, and its result rows (paged, as the API's records).</summary>
internal sealed class CalculationDetailModel(FactorTraceDb db, CrossTenantGuard guard) : PageModel
{
    public const int PageSize = 50;

    public CalculationRun? Run { get; private set; }

    public IReadOnlyList<Guid> SupersededBy { get; private set; } = [];

    public IReadOnlyList<EmissionResult> Rows { get; private set; } = [];

    public IReadOnlyDictionary<int, System.Text.Json.JsonElement> Answers { get; private set; } = new Dictionary<int, System.Text.Json.JsonElement>();

    public int Offset { get; private set; }

    public IReadOnlyDictionary<string, string> DatasetVersions => RunView.Of(Run!).DatasetVersions;

    public async Task<IActionResult> OnGetAsync(Guid id, int offset, CancellationToken cancellationToken)
    {
        // Another tenant's run is not found (query filters and row-level security), never shown.
        Run = await db.CalculationRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (Run is null)
        {
            await guard.NotFoundAsync(HttpContext.Features.Get<TenantContext>()!.Caller, "calculation", id, cancellationToken);
            return NotFound();
        }

        SupersededBy = await db.CalculationRuns.AsNoTracking().Where(r => r.SupersedesRunId == id).OrderBy(r => r.StartedAt).Select(r => r.Id).ToListAsync(cancellationToken);
        Offset = Math.Max(0, offset);
        if (Run.Status == "completed")
        {
            var (rows, factors) = await new EmissionQueries(db).RecordsAsync(Run.Id, Run.From, Run.To, Offset, PageSize, cancellationToken);
            Rows = rows;
            Answers = ResultRowView.Answers(factors);
        }

        return Page();
    }
}
