using FactorTrace.Data;
using FactorTrace.Server.Factors;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Ledger;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactorTrace.Server.Web.Pages.Calculations;

/// <summary>Runs a calculation of a period through the API's own path (<see cref="CalculationStart"/>); editors and admins only.</summary>
[Authorize(Policy = Policies.Editor)]
internal sealed class RunCalculationModel(BrokerHost host, LedgerCalculator calculator, FactorTraceDb db, AuditLog audit) : PageModel
{
    public CalculationForm Form { get; private set; } = new("", "", "");

    public string? Problem { get; private set; }

    public void OnGet()
    {
        Form = new(Request.Query["from"].ToString(), Request.Query["to"].ToString(), host.Broker?.DefaultGwp ?? "");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Form = new(Request.Form["from"].ToString(), Request.Form["to"].ToString(), Request.Form["gwp"].ToString());
        if (host.Broker is not { } broker)
        {
            Problem = "The factor datasets are still loading" + (host.Error is { } why ? $" ({why})" : "") + "; try again in a moment. Nothing was calculated.";
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }

        var body = Form.ToBody(out var unreadable);
        var check = body is null ? default : CalculationStart.Check(body, broker);
        if ((unreadable ?? check.Error) is { } error)
        {
            Form = Form with { Error = error };
            Problem = "Not calculated: " + error.Message;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var run = await CalculationStart.RunAsync(check, broker, calculator, HttpContext.Features.Get<TenantContext>()!, db, audit, cancellationToken);
        return Redirect($"/calculations/{run.Id}?started=1");
    }
}
