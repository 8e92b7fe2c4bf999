using System.Globalization;
using System.Security.Cryptography;
using FactorTrace.Data;
using FactorTrace.Data.Grid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FactorTrace.Grid.Scheduling;

/// <summary>
/// Runs each job once per slot across every instance sharing the database. For the slot containing <c>now</c> of each
/// job, an instance inserts a claim into <c>grid_slots</c>; the primary key lets exactly one insert through. A claim
/// not completed whose lease (<see cref="GridOptions.SlotLease"/>) has lapsed — its instance died — is taken over by a
/// conditional update, which raises its attempts. The winner records a <c>grid_runs</c> row, runs the job, records
/// how it ended and marks the claim completed.
/// <para>
/// A job that throws is recorded as failed and its claim is still completed: it is retried in its next slot, not at
/// every tick of every instance (a provider that is down would otherwise be hammered). A job still running when its
/// lease lapses has its token cancelled, since another instance may take the slot over; the lease must therefore exceed
/// the longest run. A run whose lease was taken over is recorded as failed and does not complete the claim. When the
/// caller cancels (shutdown), the run is recorded as failed and the lease released, so another instance takes the slot
/// over at its next tick.
/// </para>
/// <para>
/// Only the current slot is run: slots no instance claimed (all were down) are not caught up, since an ingestion of
/// the current slot fetches the recent hours anyway. Their number is logged, written into the run's detail and counted
/// by <see cref="GridRunQueries.MissedSlotsAsync"/>.
/// </para>
/// </summary>
public sealed class SlotScheduler
{
    private readonly SystemDbFactory _db;
    private readonly TimeProvider _time;
    private readonly GridOptions _options;
    private readonly ILogger<SlotScheduler> _logger;
    private readonly GridMetrics? _metrics;

    /// <summary>A scheduler for this process, named by host name, process id and a random suffix unless <paramref name="instance"/> is given.</summary>
    public SlotScheduler(SystemDbFactory db, TimeProvider time, IOptions<GridOptions> options, ILogger<SlotScheduler> logger, string? instance = null, GridMetrics? metrics = null)
    {
        _metrics = metrics;
        ArgumentNullException.ThrowIfNull(options);
        _db = db ?? throw new ArgumentNullException(nameof(db));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = options.Value;
        Instance = string.IsNullOrWhiteSpace(instance) ? DefaultInstance() : instance.Trim();
    }

    /// <summary>This instance's id, as recorded in claims and runs.</summary>
    public string Instance { get; }

    /// <summary>Runs the due slot of every job at the clock's current time.</summary>
    public Task<IReadOnlyList<GridRunView>> RunDueAsync(IReadOnlyList<ScheduledJob> jobs, CancellationToken cancellationToken) =>
        RunDueAsync(_time.GetUtcNow(), jobs, cancellationToken);

    /// <summary>
    /// Claims and runs the slot containing <paramref name="now"/> of each job, one job after the other; the runs this
    /// instance made (none when other instances had the slots).
    /// </summary>
    /// <exception cref="ArgumentException">A job's name is empty or over 32 characters, its period or offset is not a whole number of seconds, or its period is under a second.</exception>
    public async Task<IReadOnlyList<GridRunView>> RunDueAsync(DateTimeOffset now, IReadOnlyList<ScheduledJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        foreach (var job in jobs)
        {
            Validate(job);
        }

        var runs = new List<GridRunView>();
        foreach (var job in jobs)
        {
            if (await RunSlotAsync(now, job, cancellationToken).ConfigureAwait(false) is { } run)
            {
                runs.Add(run);
            }
        }

        return runs;
    }

    private async Task<GridRunView?> RunSlotAsync(DateTimeOffset now, ScheduledJob job, CancellationToken cancellationToken)
    {
        var slot = job.SlotAt(now);
        var slotUnix = slot.ToUnixTimeSeconds();
        var nowUnix = now.ToUnixTimeSeconds();
        var leaseUntil = (now + _options.SlotLease).ToUnixTimeSeconds();

        int attempt;
        long missed;
        var db = _db.Create();
        await using (db.ConfigureAwait(false))
        {
            if (await SlotClaims.TryInsertAsync(db, job.Name, slotUnix, Instance, leaseUntil, cancellationToken).ConfigureAwait(false))
            {
                attempt = 1;
            }
            else if (await SlotClaims.TryTakeOverAsync(db, job.Name, slotUnix, Instance, nowUnix, leaseUntil, cancellationToken).ConfigureAwait(false) is { } taken)
            {
                attempt = taken;
                SchedulerLog.TakenOver(_logger, job.Name, slot, Instance, attempt);
            }
            else
            {
                return null;
            }

            var previous = await SlotClaims.PreviousAsync(db, job.Name, slotUnix, cancellationToken).ConfigureAwait(false);
            missed = previous is { } p ? SlotClock.SlotsBetween(DateTimeOffset.FromUnixTimeSeconds(p), slot, job.Every) : 0;
        }

        if (missed > 0)
        {
            SchedulerLog.Missed(_logger, job.Name, missed, slot);
        }

        var context = new GridJobContext(job.Name, slot, now, Instance, attempt, missed);
        return await ExecuteAsync(job, context, cancellationToken).ConfigureAwait(false);
    }

    private async Task<GridRunView> ExecuteAsync(ScheduledJob job, GridJobContext context, CancellationToken cancellationToken)
    {
        var run = new GridRun
        {
            Id = Guid.CreateVersion7(_time.GetUtcNow()),
            Job = job.Name,
            SlotUnix = context.Slot.ToUnixTimeSeconds(),
            Instance = Instance,
            StartedAt = _time.GetUtcNow().UtcDateTime,
            Outcome = GridRunOutcomes.Running,
        };
        await GridRunStore.AddAsync(_db, run, cancellationToken).ConfigureAwait(false);

        var missedNote = context.MissedBefore > 0
            ? string.Create(CultureInfo.InvariantCulture, $"missed {context.MissedBefore} slot(s) before this one")
            : null;
        using var lease = new CancellationTokenSource(_options.SlotLease, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Token);
        try
        {
            var result = await job.Run(context, linked.Token).ConfigureAwait(false);
            run.Rows = result.Rows;
            run.Replaced = result.Replaced;
            run.Outcome = result.Outcome;
            run.Detail = Join(missedNote, result.Detail);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.Outcome = GridRunOutcomes.Failed;
            run.Detail = Join(missedNote, "cancelled: the instance is stopping; the slot is released");
            await GridRunStore.ReleaseAsync(_db, run, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
#pragma warning disable CA1031 // A job's failure of any kind is recorded on its run; the scheduler goes on with the next job.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SchedulerLog.Failed(_logger, ex, job.Name, context.Slot);
            run.Outcome = GridRunOutcomes.Failed;
            run.Detail = Join(missedNote, lease.IsCancellationRequested
                ? "the slot's lease lapsed before the job ended"
                : $"{ex.GetType().Name}: {ex.Message}");
        }

        _metrics?.Run(job.Name, run.Outcome);
        _metrics?.Missed(job.Name, context.MissedBefore);
        if (!await GridRunStore.CompleteAsync(_db, run, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            SchedulerLog.LeaseLost(_logger, job.Name, context.Slot, Instance);
        }

        return GridRunView.From(run);
    }

    private static string? Join(string? first, string? second) =>
        first is null ? second : second is null ? first : first + "; " + second;

    private static void Validate(ScheduledJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (string.IsNullOrWhiteSpace(job.Name) || job.Name.Length > 32)
        {
            throw new ArgumentException($"Job '{job.Name}': a name of 1 to 32 characters is needed (grid_slots.job).", nameof(job));
        }

        if (job.Every < TimeSpan.FromSeconds(1) || job.Every.Ticks % TimeSpan.TicksPerSecond != 0 || job.Offset.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"Job '{job.Name}': the period must be at least a second, and period and offset whole seconds (slots are kept in Unix seconds).", nameof(job));
        }
    }

    private static string DefaultInstance() =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
}
