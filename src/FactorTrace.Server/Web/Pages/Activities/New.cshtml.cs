using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Ledger;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactorTrace.Server.Web.Pages.Activities;

/// <summary>Enters one record through the API's own create (<see cref="ActivityCommands.CreateAsync"/>); editors and admins only.</summary>
[Authorize(Policy = Policies.Editor)]
internal sealed class NewActivityModel(FactorTraceDb db, AuditLog audit, TimeProvider time) : PageModel
{
    public ActivityForm Form { get; private set; } = ActivityForm.From(new FormCollection([]));

    public FieldError? Error { get; private set; }

    public ActivityFormView FormView => new(Form, Error, "Save record", "/activities");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Form = ActivityForm.From(Request.Form);
        var body = Form.ToBody(out var unreadable);
        if (body is null)
        {
            Error = unreadable;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var change = await ActivityCommands.CreateAsync(body, HttpContext.Features.Get<TenantContext>()!, db, audit, time, cancellationToken);
        if (change.Error is { } invalid)
        {
            Error = invalid;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        return Redirect($"/activities/{change.Record!.Id}?saved=created");
    }
}
