using System.Globalization;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Reporting.Queries;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Web.Pages;

/// <summary>The dashboard of a period: the latest completed run covering it, at a glance (<see cref="LedgerDashboard"/>).</summary>
internal sealed class IndexModel(FactorTraceDb db) : PageModel
{
    public string? FromText { get; private set; }

    public string? ToText { get; private set; }

    public string? Problem { get; private set; }

    public DashboardView? View { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        FromText = Request.Query["from"];
        ToText = Request.Query["to"];
        DateOnly from, to;
        if (string.IsNullOrEmpty(FromText) && string.IsNullOrEmpty(ToText))
        {
            var latest = await db.CalculationRuns.AsNoTracking().Where(r => r.Status == "completed").OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(cancellationToken);
            if (latest is null)
            {
                Problem = "No calculation has been run yet. Import or enter activities, then run a calculation.";
                return;
            }

            (from, to) = (latest.From, latest.To);
            FromText = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            ToText = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        else if (!DateOnly.TryParseExact(FromText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out from)
            || !DateOnly.TryParseExact(ToText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out to))
        {
            Problem = "Enter both dates as yyyy-mm-dd, for example 2024-01-01 and 2024-12-31.";
            return;
        }
        else if (to < from)
        {
            Problem = $"The period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).";
            return;
        }

        var run = await new EmissionQueries(db).LatestCoveringAsync(from, to, cancellationToken);
        if (run is null)
        {
            Problem = $"No completed calculation covers {from:yyyy-MM-dd} to {to:yyyy-MM-dd}. Run one for this period on the Calculations page.";
            return;
        }

        View = await LedgerDashboard.LoadAsync(db, run, from, to, cancellationToken);
    }
}
