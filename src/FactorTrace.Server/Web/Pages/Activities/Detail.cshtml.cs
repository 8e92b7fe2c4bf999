using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Web.Pages.Activities;

/// <summary>One record as stored, with its results in each run that covered it and the factor answer behind each.</summary>
internal sealed class ActivityDetailModel(FactorTraceDb db, CrossTenantGuard guard) : PageModel
{
    public ActivityRecord? Record { get; private set; }

    public IReadOnlyList<RunResult> Results { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        // Another tenant's record is not found (query filters and row-level security), never shown.
        Record = await db.ActivityRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (Record is null)
        {
            await guard.NotFoundAsync(HttpContext.Features.Get<TenantContext>()!.Caller, "activity", id, cancellationToken);
            return NotFound();
        }

        Results = await RecordResults.HistoryAsync(db, Record, 10, cancellationToken);
        return Page();
    }
}
