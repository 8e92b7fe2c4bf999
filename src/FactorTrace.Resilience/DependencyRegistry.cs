using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FactorTrace.Resilience;

/// <summary>Every external dependency's pipeline, created once per name with the configured overrides.</summary>
public sealed class DependencyRegistry : IDisposable
{
    /// <summary>The meter of the dependency instruments.</summary>
    public const string MeterName = DependencyMetrics.MeterName;

    private readonly ConcurrentDictionary<string, Dependency> _dependencies = new(StringComparer.OrdinalIgnoreCase);
    private readonly ResilienceOptions _options;
    private readonly TimeProvider _time;
    private readonly DependencyMetrics _metrics;
    private readonly Lock _gate = new();
    private readonly ILogger? _logger;

    /// <summary>Creates the registry.</summary>
    /// <param name="options">The configured overrides.</param>
    /// <param name="time">The clock.</param>
    /// <param name="meters">The meters (a private one when null).</param>
    /// <param name="logger">Where circuit transitions are logged.</param>
    public DependencyRegistry(IOptions<ResilienceOptions> options, TimeProvider time, IMeterFactory? meters = null, ILogger<DependencyRegistry>? logger = null)
    {
        _logger = logger;
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time ?? TimeProvider.System;
        _metrics = new DependencyMetrics(meters, () => _dependencies.Values);
    }

    /// <summary>Every dependency registered so far.</summary>
    public IEnumerable<Dependency> All => _dependencies.Values.OrderBy(d => d.Name, StringComparer.Ordinal);

    /// <summary>The dependency of that name, created with its kind's defaults and the configured overrides on first use.</summary>
    /// <param name="name">Dependency name.</param>
    /// <param name="kind">Its kind (default settings).</param>
    /// <param name="isFailure">Which exceptions count against the breaker (all but circuit rejections when null).</param>
    public Dependency Get(string name, DependencyKind kind, Func<Exception, bool>? isFailure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_dependencies.TryGetValue(name, out var known))
        {
            return known;
        }

        lock (_gate)
        {
            return _dependencies.GetOrAdd(name, n => new Dependency(n, kind, PolicyFor(n, kind), _time, _metrics, isFailure, _logger));
        }
    }

    /// <summary>
    /// The dependency of that name, created on first use with <paramref name="defaults"/> over its kind's defaults (and
    /// any configured overrides over those): for dependencies named at run time (one per ERP connection) whose library
    /// has its own settings.
    /// </summary>
    /// <param name="name">Dependency name.</param>
    /// <param name="kind">Its kind.</param>
    /// <param name="defaults">Settings that replace the kind's defaults.</param>
    public Dependency Get(string name, DependencyKind kind, DependencyOptions defaults)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(defaults);
        if (_dependencies.TryGetValue(name, out var known))
        {
            return known;
        }

        var configured = _options.Dependencies.GetValueOrDefault(name);
        var merged = new DependencyOptions
        {
            Timeout = configured?.Timeout ?? defaults.Timeout,
            MaxRetries = configured?.MaxRetries ?? defaults.MaxRetries,
            RetryDelay = configured?.RetryDelay ?? defaults.RetryDelay,
            MaxRetryAfter = configured?.MaxRetryAfter ?? defaults.MaxRetryAfter,
            FailureRatio = configured?.FailureRatio ?? defaults.FailureRatio,
            MinimumThroughput = configured?.MinimumThroughput ?? defaults.MinimumThroughput,
            SamplingDuration = configured?.SamplingDuration ?? defaults.SamplingDuration,
            BreakDuration = configured?.BreakDuration ?? defaults.BreakDuration,
        };
        lock (_gate)
        {
            return _dependencies.GetOrAdd(name, n => new Dependency(n, kind, DependencyPolicy.For(kind, merged), _time, _metrics, null, _logger));
        }
    }

    /// <summary>The effective settings a dependency of that name and kind gets.</summary>
    public DependencyPolicy PolicyFor(string name, DependencyKind kind) =>
        DependencyPolicy.For(kind, _options.Dependencies.GetValueOrDefault(name));

    /// <inheritdoc />
    public void Dispose() => _metrics.Dispose();
}
