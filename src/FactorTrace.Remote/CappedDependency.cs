using FactorTrace.Resilience;

namespace FactorTrace.Remote;

/// <summary>
/// A remote source's calls: at most <c>MaxConcurrency</c> in flight (more wait up to the dependency's timeout, then are
/// refused as an error), each through the dependency's pipeline.
/// </summary>
internal sealed class CappedDependency(Dependency dependency, int maxConcurrency) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(maxConcurrency, maxConcurrency);

    public Dependency Dependency => dependency;

    public async ValueTask<DependencyResult<TResult>> ExecuteAsync<TResult, TState>(
        Func<TState, CancellationToken, ValueTask<TResult>> call, TState state, CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(dependency.Policy.Timeout, cancellationToken).ConfigureAwait(false))
        {
            return new DependencyResult<TResult>(default, DependencyOutcome.Error, $"{maxConcurrency} requests already in flight");
        }

        try
        {
            return await dependency.ExecuteAsync(call, state, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
