using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Ledger;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Web.Pages.Activities;

/// <summary>Deletes one record through the API's own delete (<see cref="ActivityCommands.DeleteAsync"/>) after a confirmation; editors and admins only.</summary>
[Authorize(Policy = Policies.Editor)]
internal sealed class DeleteActivityModel(FactorTraceDb db, AuditLog audit, CrossTenantGuard guard) : PageModel
{
    public ActivityRecord? Record { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Record = await db.ActivityRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return Record is null ? await NotFoundAsync(id, cancellationToken) : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken) =>
        await ActivityCommands.DeleteAsync(id, HttpContext.Features.Get<TenantContext>()!, db, audit, cancellationToken)
            ? Redirect("/activities?saved=deleted")
            : await NotFoundAsync(id, cancellationToken);

    private async Task<IActionResult> NotFoundAsync(Guid id, CancellationToken cancellationToken)
    {
        await guard.NotFoundAsync(HttpContext.Features.Get<TenantContext>()!.Caller, "activity", id, cancellationToken);
        return NotFound();
    }
}
