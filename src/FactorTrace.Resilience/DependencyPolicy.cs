namespace FactorTrace.Resilience;

/// <summary>What a dependency is, which decides its default pipeline.</summary>
public enum DependencyKind
{
    /// <summary>A remote HTTP API (factor source, grid provider, LLM): seconds of timeout, retries with jitter.</summary>
    RemoteApi,

    /// <summary>The shared cache (Redis): tens of milliseconds, no retry (the cache is optional on every path).</summary>
    Cache,

    /// <summary>The database: seconds of timeout, no retry (writes are not always idempotent).</summary>
    Database,
}

/// <summary>A dependency's effective settings: the kind's defaults with the configured overrides applied.</summary>
public sealed record DependencyPolicy(
    TimeSpan Timeout,
    int MaxRetries,
    TimeSpan RetryDelay,
    TimeSpan MaxRetryAfter,
    double FailureRatio,
    int MinimumThroughput,
    TimeSpan SamplingDuration,
    TimeSpan BreakDuration)
{
    /// <summary>Defaults of a kind with the overrides applied.</summary>
    public static DependencyPolicy For(DependencyKind kind, DependencyOptions? overrides = null)
    {
        var d = kind switch
        {
            DependencyKind.Cache => new DependencyPolicy(TimeSpan.FromMilliseconds(50), 0, TimeSpan.Zero, TimeSpan.Zero, 0.5, 10, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)),
            DependencyKind.Database => new DependencyPolicy(TimeSpan.FromSeconds(10), 0, TimeSpan.Zero, TimeSpan.Zero, 0.5, 5, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10)),
            _ => new DependencyPolicy(TimeSpan.FromSeconds(2), 2, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), 0.5, 4, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)),
        };
        if (overrides is null)
        {
            return d;
        }

        return new DependencyPolicy(
            overrides.Timeout ?? d.Timeout,
            overrides.MaxRetries ?? d.MaxRetries,
            overrides.RetryDelay ?? d.RetryDelay,
            overrides.MaxRetryAfter ?? d.MaxRetryAfter,
            overrides.FailureRatio ?? d.FailureRatio,
            overrides.MinimumThroughput ?? d.MinimumThroughput,
            overrides.SamplingDuration ?? d.SamplingDuration,
            overrides.BreakDuration ?? d.BreakDuration);
    }

    /// <summary>Problems with the settings, each naming the setting (Polly's own limits included).</summary>
    public IEnumerable<string> Validate(string name)
    {
        var prefix = $"{ResilienceOptions.SectionName}:Dependencies:{name}";
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromDays(1))
        {
            yield return $"{prefix}:Timeout must be between 0 and 1 day (is {Timeout}).";
        }

        if (MaxRetries is < 0 or > 10)
        {
            yield return $"{prefix}:MaxRetries must be 0–10 (is {MaxRetries}).";
        }

        if (FailureRatio is <= 0 or > 1)
        {
            yield return $"{prefix}:FailureRatio must be in (0, 1] (is {FailureRatio}).";
        }

        if (MinimumThroughput < 2)
        {
            yield return $"{prefix}:MinimumThroughput must be at least 2 (is {MinimumThroughput}).";
        }

        if (SamplingDuration < TimeSpan.FromMilliseconds(500) || SamplingDuration > TimeSpan.FromDays(1))
        {
            yield return $"{prefix}:SamplingDuration must be 0.5 s – 1 day (is {SamplingDuration}).";
        }

        if (BreakDuration < TimeSpan.FromMilliseconds(500) || BreakDuration > TimeSpan.FromDays(1))
        {
            yield return $"{prefix}:BreakDuration must be 0.5 s – 1 day (is {BreakDuration}).";
        }

        if (RetryDelay < TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero)
        {
            yield return $"{prefix}:RetryDelay and MaxRetryAfter must not be negative.";
        }
    }
}
