using System.Collections.Concurrent;
using FactorTrace.Resilience;
using Microsoft.Extensions.Options;

namespace FactorTrace.Erp;

/// <summary>
/// One dependency per connection, <c>erp:&lt;connection id&gt;</c>: its own breaker, the slow-call timeout and retries of
/// <see cref="ErpOptions"/>, and at most <see cref="ErpOptions.MaxConnections"/> requests in flight. Health and metrics list
/// each with its breaker state once it has been used (or registered by <see cref="Register"/>).
/// </summary>
public sealed class ErpDependencies(DependencyRegistry registry, IOptions<ErpOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, CappedDependency> _capped = new();

    /// <summary>The dependency name of a connection.</summary>
    public static string NameOf(Guid connectionId) => $"erp:{connectionId}";

    /// <summary>The connection's capped dependency, created on first use.</summary>
    public CappedDependency For(Guid connectionId) =>
        _capped.GetOrAdd(connectionId, id => new CappedDependency(registry.Get(NameOf(id), DependencyKind.RemoteApi, options.Value.Pipeline), options.Value.MaxConnections));

    /// <summary>Makes the connection's dependency known to health and metrics before its first pull.</summary>
    public void Register(Guid connectionId) => _ = For(connectionId);

    /// <summary>The connection's dependency when it was used on this instance, else null.</summary>
    public Dependency? Find(Guid connectionId) => _capped.TryGetValue(connectionId, out var capped) ? capped.Dependency : null;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var capped in _capped.Values)
        {
            capped.Dispose();
        }
    }
}
