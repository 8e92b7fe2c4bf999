using System.Diagnostics.Metrics;
using FactorTrace.Usage;

namespace FactorTrace.Server.Usage;

/// <summary>Instruments of metering: counts not yet written, failed flushes, tenants low on credits.</summary>
internal sealed class UsageMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _flushFailures;

    public UsageMetrics(IMeterFactory meters, UsageMeter usage)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(Observability.ServiceMetrics.MeterName + ".Usage");
        _meter.CreateObservableGauge("factortrace.usage.pending", () => usage.Pending, description: "Usage counted in this instance and not yet written to the database.");
        _flushFailures = _meter.CreateCounter<long>("factortrace.usage.flush_failures", description: "Usage flushes that could not write everything (the counts are kept for the next).");
        _meter.CreateObservableGauge("factortrace.credits.low_tenants", () => LowBalances, description: "Tenants whose credit balance is below FactorTrace:Usage:LowCredits.");
    }

    /// <summary>Tenants below the low-credits threshold at the last flush.</summary>
    public int LowBalances { get; set; }

    public void FlushFailed() => _flushFailures.Add(1);

    public void Dispose() => _meter.Dispose();
}
