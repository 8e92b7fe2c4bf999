using System.Threading.Channels;
using FactorTrace.Data;
using FactorTrace.Data.Reporting;
using FactorTrace.Data.Tenancy;
using FactorTrace.Reporting.Generation;
using FactorTrace.Server.Tenancy;
using FactorTrace.Server.Usage;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Reporting;

/// <summary>
/// Generates reports in the background, one at a time, each in its own scope bound to the report's tenant. On start it
/// takes up the reports left pending (a restart between the request and the work), and marks failed those left running
/// by an instance that stopped midway, so none stays "running" for ever. Two instances never generate the same report:
/// <see cref="ReportService.GenerateAsync"/> claims it first.
/// </summary>
internal sealed partial class ReportWorker(
    IServiceScopeFactory scopes, SystemDbFactory systemDb, DatabaseInitializer database, TimeProvider time, ILogger<ReportWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(30);
    private readonly Channel<(Guid TenantId, Guid ReportId, string? RequestId)> _queue = Channel.CreateUnbounded<(Guid, Guid, string?)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a pending report.</summary>
    public void Enqueue(Guid tenantId, Guid reportId, string? requestId) => _queue.Writer.TryWrite((tenantId, reportId, requestId));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.WhenReady.WaitAsync(stoppingToken).ConfigureAwait(false);
            await RecoverAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecoveryFailed(logger, ex);
        }

        await foreach (var (tenantId, reportId, requestId) in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var scope = scopes.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenantId);
                    var service = new ReportService(scope.ServiceProvider.GetRequiredService<FactorTraceDb>(), time);
                    if (await service.GenerateAsync(reportId, requestId, stoppingToken).ConfigureAwait(false) is { } report)
                    {
                        LogGenerated(logger, reportId, tenantId, report.Status, report.Error);
                        if (report.Status == ReportStatus.Failed)
                        {
                            // The credits paid for a report that could not be made go back.
                            await scope.ServiceProvider.GetRequiredService<CreditCharges>()
                                .RefundAsync(tenantId, reportId.ToString(), "refund: the report could not be generated", stoppingToken).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogGenerationFailed(logger, ex, reportId, tenantId);
            }
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            var cutoff = time.GetUtcNow().UtcDateTime - Abandoned;
            await db.Reports.IgnoreQueryFilters().Where(r => r.Status == ReportStatus.Running && r.CreatedAt < cutoff).ExecuteUpdateAsync(
                s => s.SetProperty(r => r.Status, ReportStatus.Failed)
                    .SetProperty(r => r.Error, "Generation was interrupted (the service stopped); ask for the report again.")
                    .SetProperty(r => r.FinishedAt, time.GetUtcNow().UtcDateTime), cancellationToken).ConfigureAwait(false);
            var pending = await db.Reports.IgnoreQueryFilters().AsNoTracking().Where(r => r.Status == ReportStatus.Pending)
                .OrderBy(r => r.CreatedAt).Select(r => new { r.TenantId, r.Id }).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var report in pending)
            {
                Enqueue(report.TenantId, report.Id, null);
            }
        }
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Report {ReportId} of tenant {TenantId}: {Status} {Error}")]
    private static partial void LogGenerated(ILogger logger, Guid reportId, Guid tenantId, string status, string? error);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Error, Message = "Report {ReportId} of tenant {TenantId} could not be generated")]
    private static partial void LogGenerationFailed(ILogger logger, Exception exception, Guid reportId, Guid tenantId);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Pending reports could not be taken up at start")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception exception);
}
