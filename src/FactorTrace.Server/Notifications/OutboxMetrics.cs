using System.Diagnostics.Metrics;

namespace FactorTrace.Server.Notifications;

/// <summary>
/// Instruments of the outbox: unsent and parked messages, the oldest unsent message's age (the backlog alert), and
/// delivery outcomes. The gauges are the values the sender last read from the database.
/// </summary>
internal sealed class OutboxMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = Observability.ServiceMetrics.MeterName + ".Outbox";

    private readonly Meter _meter;
    private readonly Counter<long> _deliveries;

    public OutboxMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("factortrace.outbox.pending", () => Last.Unsent, description: "E-mails in the outbox not yet accepted by the SMTP server.");
        _meter.CreateObservableGauge("factortrace.outbox.failed", () => Last.Failed, description: "E-mails parked as failed after the last attempt.");
        _meter.CreateObservableGauge("factortrace.outbox.oldest_pending_age", () => Last.OldestUnsentSeconds, unit: "s", description: "Age of the oldest e-mail not yet sent.");
        _deliveries = _meter.CreateCounter<long>("factortrace.outbox.deliveries", description: "Delivery attempts by outcome (sent, retry, failed, released).");
    }

    /// <summary>The last counts read.</summary>
    public OutboxCounts Last { get; set; } = new(0, 0, 0);

    public void Delivery(string outcome, long count = 1) => _deliveries.Add(count, new KeyValuePair<string, object?>("outcome", outcome));

    public void Dispose() => _meter.Dispose();
}
