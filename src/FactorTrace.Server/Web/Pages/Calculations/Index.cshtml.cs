using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Server.Factors;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Web.Pages.Calculations;

/// <summary>The tenant's calculation runs, latest first, paged, each with the run it superseded and the runs that superseded it.</summary>
internal sealed class CalculationsModel(FactorTraceDb db, BrokerHost host) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<CalculationRun> Runs { get; private set; } = [];

    /// <summary>For each run on the page, the later runs that name it as superseded.</summary>
    public ILookup<Guid, Guid> SupersededBy { get; private set; } = Array.Empty<Guid>().ToLookup(g => g);

    public int Offset { get; private set; }

    public int Total { get; private set; }

    public CalculationForm Form { get; private set; } = new("", "", "");

    public async Task OnGetAsync(int offset, CancellationToken cancellationToken)
    {
        Offset = Math.Max(0, offset);
        Total = await db.CalculationRuns.CountAsync(cancellationToken);
        Runs = await db.CalculationRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Skip(Offset).Take(PageSize).ToListAsync(cancellationToken);
        var ids = Runs.Select(r => r.Id).ToList();
        SupersededBy = (await db.CalculationRuns.AsNoTracking().Where(r => r.SupersedesRunId != null && ids.Contains(r.SupersedesRunId.Value))
            .Select(r => new { Old = r.SupersedesRunId!.Value, r.Id }).ToListAsync(cancellationToken)).ToLookup(p => p.Old, p => p.Id);
        var latest = Runs.Count > 0 ? Runs[0] : null;
        Form = new(latest?.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
            latest?.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "", host.Broker?.DefaultGwp ?? "");
    }
}
