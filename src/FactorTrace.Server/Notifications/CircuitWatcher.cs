using FactorTrace.Data;
using FactorTrace.Data.Notifications;
using FactorTrace.Resilience;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Notifications;

/// <summary>
/// Tells the platform administrators, once per episode, about a dependency whose circuit has stayed open longer than
/// <see cref="EmailOptions.CircuitOpenAlertAfter"/>. An episode is one opening (its transition time); the memory is
/// this instance's, so every instance whose breaker is open reports it once.
/// </summary>
internal sealed partial class CircuitWatcher(
    DependencyRegistry dependencies, SystemDbFactory systemDb, IOptionsMonitor<EmailOptions> options, TimeProvider time, ILogger<CircuitWatcher> logger) : BackgroundService
{
    private readonly Dictionary<string, DateTimeOffset> _reported = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var after = options.CurrentValue.CircuitOpenAlertAfter;
                await Task.Delay(after / 4 < TimeSpan.FromSeconds(30) ? after / 4 : TimeSpan.FromSeconds(30), time, stoppingToken).ConfigureAwait(false);
                await CheckAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogCheckFailed(logger, ex.Message);
            }
        }
    }

    /// <summary>Writes a notification for each dependency open too long and not reported in this episode; returns how many dependencies were reported.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = dependencies.All.Where(d => d.IsOpen && d.LastTransition is { } since && now - since >= options.CurrentValue.CircuitOpenAlertAfter
            && (!_reported.TryGetValue(d.Name, out var seen) || seen != since)).ToList();
        foreach (var dependency in due)
        {
            var since = dependency.LastTransition!.Value;
            var db = systemDb.Create();
            await using (db.ConfigureAwait(false))
            {
                var count = await Outbox.EnqueueForPlatformAdminsAsync(db, Data.Notifications.Notifications.DependencyDown(dependency.Name, since, dependency.LastError), now.UtcDateTime, cancellationToken)
                    .ConfigureAwait(false);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                _reported[dependency.Name] = since;
                LogReported(logger, dependency.Name, since, count);
            }
        }

        return due.Count;
    }

    [LoggerMessage(EventId = 2110, Level = LogLevel.Warning, Message = "Dependency {Dependency} open since {Since}: {Count} platform administrators notified")]
    private static partial void LogReported(ILogger logger, string dependency, DateTimeOffset since, int count);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "Open circuits not checked: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string reason);
}
