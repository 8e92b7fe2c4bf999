using FactorTrace.Grid.Ingestion;
using Microsoft.Extensions.Options;

namespace FactorTrace.Grid.Scheduling;

/// <summary>
/// The scheduled grid jobs of an instance: provider history every ingestion slot and forecasts more often (only when
/// zones are configured), and retention daily. A slot where no zone could be fetched is a failed run; some zones, partial.
/// </summary>
public sealed class GridJobs(ProviderIngestion ingestion, GridRetention retention, IOptions<GridOptions> options)
{
    /// <summary>The jobs to run every tick.</summary>
    public IReadOnlyList<ScheduledJob> All()
    {
        var o = options.Value;
        var jobs = new List<ScheduledJob> { retention.Job() };
        if (o.Zones.Count > 0)
        {
            jobs.Add(new ScheduledJob(GridJobNames.Ingest, o.IngestEvery, o.IngestOffset, (_, ct) => RunAsync(ingestion.IngestHistoryAsync(null, ct))));
            jobs.Add(new ScheduledJob(GridJobNames.Forecast, o.ForecastEvery, o.ForecastEvery > o.IngestOffset ? o.IngestOffset : TimeSpan.Zero,
                (_, ct) => RunAsync(ingestion.IngestForecastAsync(null, ct))));
        }

        return jobs;
    }

    private static async Task<GridJobResult> RunAsync(Task<IngestionOutcome> ingest)
    {
        var outcome = await ingest.ConfigureAwait(false);
        if (outcome.Zones > 0 && outcome.Failures.Count == outcome.Zones)
        {
            throw new InvalidOperationException(string.Join("; ", outcome.Failures));
        }

        return new GridJobResult(outcome.Counts.Written, outcome.Counts.Replaced,
            outcome.Failures.Count == 0 ? null : string.Join("; ", outcome.Failures), Partial: outcome.Failures.Count > 0);
    }
}
