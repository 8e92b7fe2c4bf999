namespace FactorTrace.Resilience;

/// <summary>
/// A dependency whose calls are capped: at most <c>maxConcurrency</c> in flight; more wait up to the dependency's
/// timeout for a slot, then are refused as an <see cref="DependencyOutcome.Error"/> without reaching the dependency.
/// Each admitted call runs through the dependency's pipeline (<see cref="Dependency.ExecuteAsync{TResult, TState}"/>).
/// Remote factor sources and grid providers each hold one per dependency.
/// </summary>
public sealed class CappedDependency : IDisposable
{
    private readonly SemaphoreSlim _gate;
    private readonly int _maxConcurrency;

    /// <summary>Creates the cap.</summary>
    /// <param name="dependency">The pipeline every admitted call runs through.</param>
    /// <param name="maxConcurrency">Calls in flight at most (at least 1).</param>
    public CappedDependency(Dependency dependency, int maxConcurrency)
    {
        ArgumentNullException.ThrowIfNull(dependency);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        Dependency = dependency;
        _maxConcurrency = maxConcurrency;
        _gate = new SemaphoreSlim(maxConcurrency, maxConcurrency);
    }

    /// <summary>The dependency (state, counts, policy).</summary>
    public Dependency Dependency { get; }

    /// <summary>
    /// Runs <paramref name="call"/> once a slot is free (waiting at most the dependency's timeout). Failures, timeouts, an
    /// open circuit and a refused slot come back as an outcome, never as a thrown exception; cancellation is rethrown.
    /// </summary>
    public async ValueTask<DependencyResult<TResult>> ExecuteAsync<TResult, TState>(
        Func<TState, CancellationToken, ValueTask<TResult>> call, TState state, CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(Dependency.Policy.Timeout, cancellationToken).ConfigureAwait(false))
        {
            return new DependencyResult<TResult>(default, DependencyOutcome.Error, $"{_maxConcurrency} requests already in flight");
        }

        try
        {
            return await Dependency.ExecuteAsync(call, state, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
