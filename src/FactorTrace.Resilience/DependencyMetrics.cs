using System.Diagnostics;
using System.Diagnostics.Metrics;
using Polly.CircuitBreaker;

namespace FactorTrace.Resilience;

/// <summary>Instruments of the dependencies (meter <c>FactorTrace.Resilience</c>).</summary>
internal sealed class DependencyMetrics : IDisposable
{
    public const string MeterName = "FactorTrace.Resilience";

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _transitions;

    public DependencyMetrics(IMeterFactory? meters, Func<IEnumerable<Dependency>> all)
    {
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _calls = _meter.CreateCounter<long>("factortrace.dependency.calls", description: "Calls to external dependencies by outcome (success, failure, timeout, rejected by an open circuit).");
        _transitions = _meter.CreateCounter<long>("factortrace.dependency.circuit_transitions", description: "Circuit-breaker state changes by dependency and new state.");
        _meter.CreateObservableGauge("factortrace.dependency.circuit_state",
            () => all().Select(d => new Measurement<int>(StateValue(d.State), new KeyValuePair<string, object?>("dependency", d.Name))),
            description: "Circuit state per dependency: 0 closed, 1 open, 2 half-open, 3 isolated.");
    }

    public static int StateValue(CircuitState state) => state switch
    {
        CircuitState.Closed => 0,
        CircuitState.Open => 1,
        CircuitState.HalfOpen => 2,
        _ => 3,
    };

    public void Call(string dependency, string outcome) =>
        _calls.Add(1, new TagList { { "dependency", dependency }, { "outcome", outcome } });

    public void Transition(string dependency, CircuitState to) =>
        _transitions.Add(1, new TagList { { "dependency", dependency }, { "state", to.ToString().ToLowerInvariant() } });

    public void Dispose() => _meter.Dispose();
}
