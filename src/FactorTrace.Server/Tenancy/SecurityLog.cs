using System.Threading.Channels;
using FactorTrace.Data;
using FactorTrace.Data.Audit;
using FactorTrace.Server.Observability;

namespace FactorTrace.Server.Tenancy;

/// <summary>
/// The platform's security log (<c>security_events</c>, owner connection, read by platform admins only): cross-tenant
/// probes, failed and throttled sign-ins, refused privilege changes. Events are queued and written in batches by a
/// background writer, so recording one adds no database round trip and no log formatting to the request that caused it
/// (a probe of another tenant's id must not answer slower than a probe of a random id). Every event is also a warning
/// log line (written by the same background writer) and a metric.
/// </summary>
internal sealed partial class SecurityLog(SystemDbFactory systemDb, TimeProvider time, ServiceMetrics metrics, ILogger<SecurityLog> logger) : BackgroundService
{
    private readonly Channel<SecurityEvent> _queue = Channel.CreateBounded<SecurityEvent>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(500);

    private long _pending;

    /// <summary>Events queued and not yet written.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public void Record(string kind, HttpContext? http, string actor, Guid? actorTenant, string? resource = null, string? resourceId = null, Guid? targetTenant = null, string? detail = null)
    {
        var now = time.GetUtcNow();
        var entry = new SecurityEvent
        {
            Id = Guid.CreateVersion7(now),
            At = now.UtcDateTime,
            Kind = kind,
            Actor = actor,
            ActorTenantId = actorTenant,
            TargetTenantId = targetTenant,
            Resource = resource,
            ResourceId = resourceId is { Length: > 320 } ? resourceId[..320] : resourceId,
            ClientAddress = http?.Connection.RemoteIpAddress?.ToString(),
            RequestId = http?.TraceIdentifier,
            Detail = detail,
        };
        metrics.SecurityEvent(kind);
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(entry))
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<SecurityEvent>(256);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                // Gather for a moment: one write per batch, not one per event racing the requests that caused them. Real
                // time on purpose: a test's fake clock must not hold the log back.
                await Task.Delay(FlushDelay, TimeProvider.System, stoppingToken).ConfigureAwait(false);
                await DrainAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: write what is queued.
            await DrainAsync(batch, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync(List<SecurityEvent> batch, CancellationToken cancellationToken)
    {
        while (_queue.Reader.TryRead(out var item))
        {
            // Logged here, off the request path, like the write itself.
            LogEvent(logger, item.Kind, item.Actor, item.Resource, item.ResourceId, item.ClientAddress, item.Detail);
            batch.Add(item);
            if (batch.Count == 256)
            {
                await WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }

        if (batch.Count > 0)
        {
            await WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(List<SecurityEvent> batch, CancellationToken cancellationToken)
    {
        try
        {
            var db = systemDb.Create();
            await using (db.ConfigureAwait(false))
            {
                db.SecurityEvents.AddRange(batch);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException)
        {
            // The log lines already carry every event of the batch.
            LogNotWritten(logger, batch.Count, ex.Message);
        }
        finally
        {
            Interlocked.Add(ref _pending, -batch.Count);
            batch.Clear();
        }
    }

    [LoggerMessage(60, LogLevel.Warning, "Security event {Kind}: {Actor} {Resource} {ResourceId} from {Client}: {Detail}")]
    private static partial void LogEvent(ILogger logger, string kind, string actor, string? resource, string? resourceId, string? client, string? detail);

    [LoggerMessage(61, LogLevel.Error, "{Count} security events could not be stored: {Reason}")]
    private static partial void LogNotWritten(ILogger logger, int count, string reason);
}
