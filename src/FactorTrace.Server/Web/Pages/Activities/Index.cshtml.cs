using System.Globalization;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Server.Ledger;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Web.Pages.Activities;

/// <summary>The tenant's activity records, filtered as the API filters them (<see cref="ActivityFilters"/>), paged, each with its latest result.</summary>
internal sealed class ActivitiesModel(FactorTraceDb db) : PageModel
{
    public const int PageSize = 50;

    public string? Problem { get; private set; }

    public IReadOnlyList<ActivityRecord> Records { get; private set; } = [];

    public IReadOnlyDictionary<Guid, RunResult> Latest { get; private set; } = new Dictionary<Guid, RunResult>();

    /// <summary>The tenant's latest imports, for the source filter.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Imports { get; private set; } = [];

    public int Offset { get; private set; }

    public int Total { get; private set; }

    public string Q(string name) => Request.Query[name].ToString();

    public async Task OnGetAsync(int offset, CancellationToken cancellationToken)
    {
        Imports = (await db.Imports.AsNoTracking().OrderByDescending(i => i.CreatedAt).Take(100).Select(i => new { i.Id, i.FileName, i.CreatedAt }).ToListAsync(cancellationToken))
            .Select(i => (i.Id, $"{i.FileName} ({i.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)})")).ToList();
        var badFrom = Day("from", out var from);
        var badTo = Day("to", out var to);
        if ((badFrom ?? badTo) is { } problem)
        {
            Problem = problem;
            return;
        }

        Offset = Math.Max(0, offset);
        var query = ActivityFilters.Apply(db.ActivityRecords.AsNoTracking(), from, to, Request.Query);
        Total = await query.CountAsync(cancellationToken);
        Records = await ActivityFilters.InDateOrder(query, Total, newestFirst: true).Skip(Offset).Take(PageSize).ToListAsync(cancellationToken);
        Latest = await RecordResults.LatestAsync(db, Records, cancellationToken);
    }

    private string? Day(string name, out DateOnly? value)
    {
        value = null;
        var text = Q(name);
        if (text.Length == 0)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            value = day;
            return null;
        }

        return $"'{text}' is not a date; give the period as yyyy-mm-dd.";
    }
}
