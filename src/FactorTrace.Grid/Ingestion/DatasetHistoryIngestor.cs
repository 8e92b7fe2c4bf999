using System.Diagnostics;
using FactorTrace.Data;
using FactorTrace.Data.Grid;
using FactorTrace.Datasets;
using FactorTrace.Datasets.Catalogue;
using FactorTrace.Datasets.Download;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Grid.Ingestion;

/// <summary>
/// Loads the catalogued hourly history (<c>electricitymaps-hourly</c>) into the store: each file checked against its
/// pinned SHA-256 first, each recorded as a <c>dataset</c> run with its hash, so a file already ingested is skipped
/// and a start-up costs one hash per file.
/// </summary>
public sealed class DatasetHistoryIngestor(
    DatasetCatalogue catalogue, IOptions<DatasetsOptions> datasets, GridStore store, SystemDbFactory databases, TimeProvider time)
{
    /// <summary>The catalogue id of the hourly history.</summary>
    public const string DatasetId = "electricitymaps-hourly";

    /// <summary>The job name of its runs.</summary>
    public const string Job = "dataset";

    /// <summary>Ingests every file not ingested yet (or all of them with <paramref name="force"/>).</summary>
    public async Task<IReadOnlyList<HistoryFileResult>> IngestAsync(bool force, CancellationToken cancellationToken)
    {
        var entry = catalogue.Find(DatasetId) ?? throw new InvalidOperationException($"The catalogue has no dataset '{DatasetId}'.");
        var checks = await new DatasetVerifier(catalogue).VerifyAsync(datasets.Value.Path, [DatasetId], cancellationToken).ConfigureAwait(false);
        var results = new List<HistoryFileResult>();
        foreach (var check in checks)
        {
            if (check.Status != FileStatus.Ok && !(check.Status == FileStatus.HashMismatch && !datasets.Value.VerifyHashes))
            {
                results.Add(new HistoryFileResult(check.Path, HistoryFileStatus.Refused, UpsertCounts.None, 0, check.Message));
                continue;
            }

            var marker = $"{check.Path} sha256:{check.ActualSha256}";
            if (!force && await AlreadyIngestedAsync(marker, cancellationToken).ConfigureAwait(false))
            {
                results.Add(new HistoryFileResult(check.Path, HistoryFileStatus.AlreadyIngested, UpsertCounts.None, 0, null));
                continue;
            }

            results.Add(await IngestFileAsync(entry, check, marker, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<HistoryFileResult> IngestFileAsync(DatasetEntry entry, FileCheck check, string marker, CancellationToken cancellationToken)
    {
        var run = new GridRun { Id = Guid.NewGuid(), Job = Job, Instance = Environment.MachineName, StartedAt = time.GetUtcNow().UtcDateTime, Outcome = "running" };
        var watch = Stopwatch.StartNew();
        try
        {
            IReadOnlyList<GridPoint> points;
            using (var reader = new StreamReader(Path.Combine(datasets.Value.Path, check.Path)))
            {
                points = HourlyCsvReader.Read(reader, entry.Id, time.GetUtcNow());
            }

            var counts = await store.UpsertAsync(points, GridOrigins.Dataset, cancellationToken).ConfigureAwait(false);
            run.Rows = counts.Written;
            run.Replaced = counts.Replaced;
            run.Outcome = "succeeded";
            run.Detail = marker;
            await RecordAsync(run, cancellationToken).ConfigureAwait(false);
            return new HistoryFileResult(check.Path, HistoryFileStatus.Ingested, counts, watch.Elapsed.TotalMilliseconds, null);
        }
        catch (GridDataException ex)
        {
            run.Outcome = "failed";
            run.Detail = $"{check.Path}: {ex.Message}";
            await RecordAsync(run, cancellationToken).ConfigureAwait(false);
            return new HistoryFileResult(check.Path, HistoryFileStatus.Refused, UpsertCounts.None, watch.Elapsed.TotalMilliseconds, ex.Message);
        }
    }

    private async Task<bool> AlreadyIngestedAsync(string marker, CancellationToken cancellationToken)
    {
        var db = databases.Create();
        await using (db.ConfigureAwait(false))
        {
            return await db.GridRuns.AnyAsync(r => r.Job == Job && r.Outcome == "succeeded" && r.Detail == marker, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RecordAsync(GridRun run, CancellationToken cancellationToken)
    {
        run.EndedAt = time.GetUtcNow().UtcDateTime;
        var db = databases.Create();
        await using (db.ConfigureAwait(false))
        {
            db.GridRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>What happened to one history file.</summary>
public enum HistoryFileStatus
{
    /// <summary>Read and stored.</summary>
    Ingested,

    /// <summary>The same file (by hash) was ingested before.</summary>
    AlreadyIngested,

    /// <summary>Missing, with another hash, or unreadable.</summary>
    Refused,
}

/// <summary>One history file's outcome.</summary>
public sealed record HistoryFileResult(string Path, HistoryFileStatus Status, UpsertCounts Counts, double ElapsedMs, string? Error);
