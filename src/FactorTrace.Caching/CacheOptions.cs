using System.ComponentModel.DataAnnotations;

namespace FactorTrace.Caching;

/// <summary>Answer cache settings (configuration section <c>FactorTrace:Cache</c>).</summary>
public sealed class CacheOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "FactorTrace:Cache";

    /// <summary>Key namespace in Redis and on disk; instances sharing one Redis must use the same.</summary>
    [RegularExpression("^[a-z0-9_.-]{1,40}$")]
    public string Namespace { get; set; } = "emission_factors";

    /// <summary>StackExchange.Redis connection string for L2 (off when empty). <c>FactorTrace__Cache__Redis</c>.</summary>
    public string? Redis { get; set; }

    /// <summary>Entries kept in memory (L1).</summary>
    [Range(100, 10_000_000)]
    public int MemoryEntries { get; set; } = 100_000;

    /// <summary>Whether the disk layer (L3) is on.</summary>
    public bool Disk { get; set; } = true;

    /// <summary>Folder of the disk layer; <c>&lt;data dir&gt;/cache</c> when empty.</summary>
    public string? DiskPath { get; set; }

    /// <summary>How long an answer is fresh in every layer (a licence may shorten it).</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long past <see cref="Duration"/> a stale answer may still be served when its source fails.</summary>
    public TimeSpan FailSafeMaxDuration { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a stale answer served after a failure is reused before the source is tried again.</summary>
    public TimeSpan FailSafeThrottleDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an answer found while a source was failing is kept (so the source is retried soon).</summary>
    public TimeSpan DegradedDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long disk writes stay off after a write failed (disk full, read-only).</summary>
    public TimeSpan DiskRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often expired disk entries are deleted even if nobody reads them (first sweep a minute after start).</summary>
    public TimeSpan DiskSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Per-source overrides of <see cref="Duration"/> and <see cref="FailSafeMaxDuration"/>, by source id.</summary>
    public Dictionary<string, SourceCacheOptions> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Fresh duration for answers of a source.</summary>
    public TimeSpan DurationFor(string source) => Sources.GetValueOrDefault(source)?.Duration ?? Duration;

    /// <summary>Fail-safe retention for answers of a source.</summary>
    public TimeSpan FailSafeFor(string source) => Sources.GetValueOrDefault(source)?.FailSafeMaxDuration ?? FailSafeMaxDuration;
}

/// <summary>Cache durations for one source.</summary>
public sealed class SourceCacheOptions
{
    /// <summary>How long its answers are fresh.</summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>How long past that a stale answer may be served.</summary>
    public TimeSpan? FailSafeMaxDuration { get; set; }
}
