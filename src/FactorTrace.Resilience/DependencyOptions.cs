namespace FactorTrace.Resilience;

/// <summary>
/// Settings of one dependency's pipeline (configuration <c>FactorTrace:Resilience:Dependencies:&lt;name&gt;</c>); unset values
/// keep the defaults of the dependency's kind (<see cref="DependencyPolicy.For"/>).
/// </summary>
public sealed class DependencyOptions
{
    /// <summary>Time allowed for one attempt.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Retries after a failed attempt (0 = none); only for dependencies where a retry is safe.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>Base delay of the exponential back-off with jitter.</summary>
    public TimeSpan? RetryDelay { get; set; }

    /// <summary>The longest <c>Retry-After</c> the client waits for; a longer one is not retried.</summary>
    public TimeSpan? MaxRetryAfter { get; set; }

    /// <summary>Failure ratio (0–1] within the sampling window that opens the circuit.</summary>
    public double? FailureRatio { get; set; }

    /// <summary>Calls needed in the sampling window before the circuit may open (at least 2; low for low-volume sources).</summary>
    public int? MinimumThroughput { get; set; }

    /// <summary>The window failures are counted over.</summary>
    public TimeSpan? SamplingDuration { get; set; }

    /// <summary>How long the circuit stays open before one probe is let through.</summary>
    public TimeSpan? BreakDuration { get; set; }
}

/// <summary>Pipelines of every dependency (configuration section <c>FactorTrace:Resilience</c>).</summary>
public sealed class ResilienceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "FactorTrace:Resilience";

    /// <summary>Overrides by dependency name (<c>redis</c>, <c>database</c>, a remote source id).</summary>
    public Dictionary<string, DependencyOptions> Dependencies { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
