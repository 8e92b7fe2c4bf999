using System.Text;
using FactorTrace.Broker;
using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Data.Audit;
using FactorTrace.Data.Ledger;
using FactorTrace.Grid;
using FactorTrace.Grid.Ledger;
using FactorTrace.Grid.Store;
using FactorTrace.Remote;
using FactorTrace.Server.Datasets;
using FactorTrace.Server.Factors;
using FactorTrace.Server.Tenancy;

using FactorTrace.Usage;

namespace FactorTrace.Server.Ledger;

/// <summary>
/// Runs calculations for the caller's tenant: its own factors first, then its cascade (sources, order, licences), the ECB
/// rates, the hourly grid profiles when the tenant asks for them, and its software workloads.
/// </summary>
internal sealed class LedgerCalculator(FactorResolver resolver, DatasetLoader loader, GridStore grid, GridReference zones, LedgerWorkloads workloads, UsageMeter usage, TimeProvider time)
{
    /// <summary>Runs the calculation; the run's audit event (from <paramref name="audit"/>) is stored with its results.</summary>
    public async Task<CalculationRun> RunAsync(
        FactorBroker broker, TenantContext tenant, FactorTraceDb db, DateOnly from, DateOnly to, string gwp, Func<CalculationRun, AuditEvent> audit, CancellationToken cancellationToken)
    {
        var rates = loader.Loaded?.Rates is { } table ? new SpendConverter(table) : null;
        var scope = new ResolveScope(tenant.TenantId.ToString("N"), Bulk: true);
        var hourly = await LedgerHourlyProfile.ForRunAsync(db, grid, zones.Zones, from, to, cancellationToken).ConfigureAwait(false);
        var engine = TenantResolution.Engine(resolver, broker, tenant.Cascade, scope, rates, gwp, hourly);
        var runner = new CalculationRunner(db, time);
        var run = await runner.RunAsync(RunRequest.For(broker, tenant.TenantId, from, to, tenant.Caller.Actor, gwp), engine,
            answer => Encoding.UTF8.GetString(AnswerJson.Bytes(answer)), cancellationToken, audit,
            (e, token) => workloads.RowsAsync(db, e, from, to, token)).ConfigureAwait(false);
        usage.Add(tenant.TenantId, Meters.CalculationRuns);
        usage.Add(tenant.TenantId, Meters.ResultRows, run.Calculated + run.Failed);
        return run;
    }
}
