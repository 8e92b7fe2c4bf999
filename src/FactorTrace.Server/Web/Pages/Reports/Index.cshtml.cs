using System.Globalization;
using FactorTrace.Data;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Reporting;
using FactorTrace.Server.Tenancy;
using FactorTrace.Server.Usage;
using FactorTrace.Usage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactorTrace.Server.Web.Pages.Reports;

/// <summary>ESRS E1 reports: ask for one of a period (as <c>POST /api/v1/reports</c>, editors and admins) and list them with their files.</summary>
internal sealed class IndexModel(
    FactorTraceDb db, ReportWorker worker, CreditCharges charges, UsageMeter usage, TimeProvider time, CrossTenantGuard guard, IAuthorizationService authorization) : PageModel
{
    public const int PageSize = 20;

    public IReadOnlyList<ReportView> Reports { get; private set; } = [];

    public int Offset { get; private set; }

    public string From { get; private set; } = "";

    public string To { get; private set; } = "";

    public string Amount { get; private set; } = "";

    public string Currency { get; private set; } = "";

    public FieldProblem? Problem { get; private set; }

    public string? Done { get; private set; }

    /// <summary>Whether a report is still being generated (the page then refreshes itself).</summary>
    public bool Pending => Reports.Any(r => r.Status is "pending" or "running");

    public async Task OnGetAsync(int offset, CancellationToken cancellationToken)
    {
        Offset = Math.Max(0, offset);
        var year = time.GetUtcNow().Year - 1;
        From = $"{year}-01-01";
        To = $"{year}-12-31";
        Reports = await ReportEndpoints.PageAsync(db, Offset, PageSize, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(string? from, string? to, string? amount, string? currency, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Editor)).Succeeded)
        {
            return Redirect("/forbidden?needs=" + Uri.EscapeDataString("Generating a report needs the role 'admin' or 'editor'."));
        }

        (From, To, Amount, Currency) = (from ?? "", to ?? "", amount ?? "", currency ?? "");
        var body = new ReportBody();
        Problem = Date(From, "from", d => body.From = d) ?? Date(To, "to", d => body.To = d);
        if (Problem is null && (Amount.Length > 0 || Currency.Length > 0))
        {
            if (!decimal.TryParse(Amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            {
                Problem = new FieldProblem("net_revenue", "Net revenue is an amount such as 1250000.00 with a currency such as EUR; leave both empty to leave it out.", 400, "invalid_value");
            }
            else
            {
                body.NetRevenue = new MoneyBody { Amount = value, Currency = Currency.Length == 0 ? null : Currency };
            }
        }

        if (Problem is null)
        {
            var result = await ReportEndpoints.CreateReportAsync(body, HttpContext, HttpContext.Features.Get<TenantContext>()!, db, worker, charges, usage, time, cancellationToken);
            Problem = FieldProblem.Of(result);
            Done = Problem is null ? $"The report of {From} to {To} is being generated; its files appear below when it is completed." : null;
        }

        if (Problem is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        Reports = await ReportEndpoints.PageAsync(db, 0, PageSize, cancellationToken);
        return Page();
    }

    /// <summary>One file of a report, as <c>GET /api/v1/reports/{id}/files/{kind}</c> serves it; another tenant's report is not found.</summary>
    public async Task<IActionResult> OnGetFileAsync(Guid id, string kind, CancellationToken cancellationToken)
    {
        var result = await ReportEndpoints.FileAsync(id, kind, HttpContext.Features.Get<TenantContext>()!, db, guard, cancellationToken);
        if (result is ProblemHttpResult problem)
        {
            return StatusCode(problem.StatusCode);
        }

        await result.ExecuteAsync(HttpContext);
        return new EmptyResult();
    }

    public string? ErrorFor(params string[] fields) => fields.Select(f => Problem?.For(f)).FirstOrDefault(e => e is not null);

    private static FieldProblem? Date(string text, string field, Action<DateOnly> set)
    {
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            set(date);
            return null;
        }

        return new FieldProblem(field, $"Enter the date as yyyy-mm-dd, for example 2024-{(field == "from" ? "01-01" : "12-31")}.", 400, "invalid_value");
    }
}
