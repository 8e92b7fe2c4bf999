using System.Text.Json;
using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Server.Ledger;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Web.Pages.Activities;

/// <summary>A record's result rows in one run, with the factor answers they used (parsed as the API serves them).</summary>
internal sealed record RunResult(CalculationRun Run, IReadOnlyList<EmissionResult> Rows, IReadOnlyDictionary<int, JsonElement> Answers)
{
    /// <summary>kg CO2e, location-based (Scope 2 market-based rows aside).</summary>
    public double KgLocation => Rows.Where(r => r.Status == ResultStatuses.Ok && r.Method != ResultMethods.Market).Sum(r => r.KgCo2e);

    /// <summary>kg CO2e, market-based (Scope 2 location-based rows aside).</summary>
    public double KgMarket => Rows.Where(r => r.Status == ResultStatuses.Ok && r.Method != ResultMethods.Location).Sum(r => r.KgCo2e);

    public bool Failed => Rows.Any(r => r.Status != ResultStatuses.Ok);

    /// <summary>The answer of the first row that used a factor.</summary>
    public JsonElement? FirstAnswer => Rows.FirstOrDefault(r => r.FactorNo >= 0 && Answers.ContainsKey(r.FactorNo)) is { } row ? Answers[row.FactorNo] : null;
}

/// <summary>
/// Results of records from the completed runs whose period covers them (a run calculates the records dated in its
/// period), read by the results' key (run, record), never by a scan of all results.
/// </summary>
internal static class RecordResults
{
    private const int RunsConsidered = 500;

    /// <summary>The latest result of each record (by the latest covering run that has rows for it); absent when none.</summary>
    public static async Task<Dictionary<Guid, RunResult>> LatestAsync(FactorTraceDb db, IReadOnlyList<ActivityRecord> records, CancellationToken cancellationToken)
    {
        var runs = await CompletedRunsAsync(db, cancellationToken);
        // Up to three candidate runs a record: the latest run covering it may predate it.
        var candidates = records.ToDictionary(r => r.Id, r => runs.Where(run => Covers(run, r)).Take(3).ToList());
        var all = await RowsAsync(db, [.. records.Select(r => r.Id)], [.. candidates.Values.SelectMany(c => c).Select(c => c.Id).Distinct()], cancellationToken);
        var latest = new Dictionary<Guid, (CalculationRun Run, List<EmissionResult> Rows)>();
        foreach (var record in records)
        {
            foreach (var run in candidates[record.Id])
            {
                var rows = all.Where(r => r.RunId == run.Id && r.RecordId == record.Id).ToList();
                if (rows.Count > 0)
                {
                    latest[record.Id] = (run, rows);
                    break;
                }
            }
        }

        var keys = latest.Keys.ToList();
        var answered = await WithAnswersAsync(db, [.. keys.Select(k => latest[k])], cancellationToken);
        return keys.Select((k, i) => (k, answered[i])).ToDictionary(p => p.k, p => p.Item2);
    }

    /// <summary>A record's results in each completed run that covers it, latest first (at most <paramref name="limit"/> runs).</summary>
    public static async Task<List<RunResult>> HistoryAsync(FactorTraceDb db, ActivityRecord record, int limit, CancellationToken cancellationToken)
    {
        var runs = (await CompletedRunsAsync(db, cancellationToken)).Where(run => Covers(run, record)).ToList();
        var rows = await RowsAsync(db, [record.Id], [.. runs.Select(r => r.Id)], cancellationToken);
        var byRun = runs.Where(run => rows.Any(r => r.RunId == run.Id)).Take(limit).Select(run => (run, rows.Where(r => r.RunId == run.Id).ToList())).ToList();
        return await WithAnswersAsync(db, byRun, cancellationToken);
    }

    private static bool Covers(CalculationRun run, ActivityRecord record) =>
        run.From <= (record.PeriodEnd ?? record.AccountingDate) && run.To >= record.AccountingDate;

    private static Task<List<CalculationRun>> CompletedRunsAsync(FactorTraceDb db, CancellationToken cancellationToken) =>
        db.CalculationRuns.AsNoTracking().Where(r => r.Status == "completed").OrderByDescending(r => r.StartedAt).Take(RunsConsidered).ToListAsync(cancellationToken);

    /// <summary>
    /// The rows of these records in these runs, by the results' key. Sorted here, not by the database: asked to order by
    /// date, SQLite walks the (run, date) index through every row of the run instead of seeking the few keys (2 s against
    /// 1 ms at 200,000 records).
    /// </summary>
    private static async Task<List<EmissionResult>> RowsAsync(FactorTraceDb db, List<Guid> recordIds, List<Guid> runIds, CancellationToken cancellationToken) =>
        runIds.Count == 0 || recordIds.Count == 0
            ? []
            : [.. (await db.EmissionResults.AsNoTracking().Where(r => runIds.Contains(r.RunId) && recordIds.Contains(r.RecordId)).ToListAsync(cancellationToken))
                .OrderBy(r => r.AccountingDate).ThenBy(r => r.Method, StringComparer.Ordinal)];

    private static async Task<List<RunResult>> WithAnswersAsync(FactorTraceDb db, List<(CalculationRun Run, List<EmissionResult> Rows)> results, CancellationToken cancellationToken)
    {
        var queries = new EmissionQueries(db);
        var answers = new Dictionary<Guid, Dictionary<int, JsonElement>>();
        foreach (var run in results.GroupBy(v => v.Run.Id))
        {
            var factors = await queries.FactorsOfAsync(run.Key, run.SelectMany(v => v.Rows), cancellationToken);
            answers[run.Key] = ResultRowView.Answers(factors);
        }

        return [.. results.Select(r => new RunResult(r.Run, r.Rows, answers[r.Run.Id]))];
    }
}
