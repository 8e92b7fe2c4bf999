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

/// <summary>Replaces one record through the API's own replace (<see cref="ActivityCommands.ReplaceAsync"/>); editors and admins only.</summary>
[Authorize(Policy = Policies.Editor)]
internal sealed class EditActivityModel(FactorTraceDb db, AuditLog audit, TimeProvider time, CrossTenantGuard guard) : PageModel
{
    public Guid Id { get; private set; }

    public ActivityForm Form { get; private set; } = ActivityForm.From(new FormCollection([]));

    public FieldError? Error { get; private set; }

    public ActivityFormView FormView => new(Form, Error, "Save changes", $"/activities/{Id}");

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Id = id;
        // Another tenant's record is not found (query filters and row-level security), never shown.
        var record = await db.ActivityRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (record is null)
        {
            return await NotFoundAsync(id, cancellationToken);
        }

        Form = ActivityForm.From(record);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        Id = id;
        Form = ActivityForm.From(Request.Form);
        var body = Form.ToBody(out var unreadable);
        if (body is null)
        {
            Error = unreadable;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var change = await ActivityCommands.ReplaceAsync(id, body, HttpContext.Features.Get<TenantContext>()!, db, audit, time, cancellationToken);
        if (change.NotFound)
        {
            return await NotFoundAsync(id, cancellationToken);
        }

        if (change.Error is { } invalid)
        {
            Error = invalid;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        return Redirect($"/activities/{id}?saved=updated");
    }

    private async Task<IActionResult> NotFoundAsync(Guid id, CancellationToken cancellationToken)
    {
        await guard.NotFoundAsync(HttpContext.Features.Get<TenantContext>()!.Caller, "activity", id, cancellationToken);
        return NotFound();
    }
}
