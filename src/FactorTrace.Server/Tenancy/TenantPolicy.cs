using System.Collections.Concurrent;
using FactorTrace.Broker;
using FactorTrace.Caching;
using FactorTrace.Data;
using FactorTrace.Data.Tenancy;
using FactorTrace.Server.Caching;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Tenancy;

/// <summary>A tenant's settings as the request path needs them.</summary>
internal sealed record TenantPolicy(TenantSourceRules Sources, int? RateLimitPerMinute, int? MaxRateLimitPerMinute = null)
{
    public static TenantPolicy Default { get; } = new(TenantSourceRules.None, null);

    /// <summary>The tenant's requests per minute: its own setting, else the service default, never above its platform cap.</summary>
    public int EffectiveRateLimit(Hosting.RateLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return Math.Min(RateLimitPerMinute ?? limits.DefaultPerMinute, MaxRateLimitPerMinute ?? limits.EffectiveTenantMax);
    }

    public static TenantPolicy From(TenantSettings? settings, int? maxRateLimitPerMinute = null) => settings is null
        ? new TenantPolicy(TenantSourceRules.None, null, maxRateLimitPerMinute)
        : new TenantPolicy(TenantSourceRules.Parse(settings.SourcePriority, settings.AllowedSources), settings.RateLimitPerMinute, maxRateLimitPerMinute);

    public static string? JoinList(IEnumerable<string>? values) => values is null ? null : string.Join(',', values);
}

/// <summary>
/// Tenant settings kept in memory and re-read from the database when older than 30 s, so the factor hot path does not
/// touch the database. A change is announced on the cache's Redis backplane, so every instance drops its copy at once
/// (the 30 s bound holds only while Redis is unreachable). When the database is unreachable the last known settings keep serving.
/// </summary>
internal sealed class TenantPolicyCache
{
    private const string Topic = "tenant-policy";
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Guid, (TenantPolicy Policy, DateTimeOffset LoadedAt)> _entries = new();
    private readonly TimeProvider _time;
    private readonly LayeredCache<FactorAnswer>? _backplane;

    // Bumped by every change, so a read that started before a change never caches what it read.
    private long _generation;

    public TenantPolicyCache(TimeProvider time, LayeredCache<FactorAnswer>? backplane = null)
    {
        _time = time;
        _backplane = backplane;
        backplane?.OnIdSignal(Topic, Invalidate);
    }

    /// <summary>The cached policy when it is fresh, without touching the database.</summary>
    public bool TryGetFresh(Guid tenantId, out TenantPolicy policy)
    {
        if (_entries.TryGetValue(tenantId, out var entry) && _time.GetUtcNow() - entry.LoadedAt < FreshFor)
        {
            policy = entry.Policy;
            return true;
        }

        policy = TenantPolicy.Default;
        return false;
    }

    public async ValueTask<TenantPolicy> GetAsync(Guid tenantId, FactorTraceDb db, CancellationToken cancellationToken)
    {
        if (TryGetFresh(tenantId, out var fresh))
        {
            return fresh;
        }

        var now = _time.GetUtcNow();
        var generation = Interlocked.Read(ref _generation);
        _entries.TryGetValue(tenantId, out var entry);

        try
        {
            var settings = await db.TenantSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            var cap = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.MaxRateLimitPerMinute).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            var policy = TenantPolicy.From(settings, cap);
            if (Interlocked.Read(ref _generation) == generation)
            {
                _entries[tenantId] = (policy, now);
            }

            return policy;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException && entry.Policy is not null)
        {
            return entry.Policy;
        }
    }

    /// <summary>Drops this instance's copy of a tenant's settings.</summary>
    public void Invalidate(Guid tenantId)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(tenantId, out _);
    }

    /// <summary>After a change of a tenant's settings: drop the copy here and tell the other instances.</summary>
    public async ValueTask ChangedAsync(Guid tenantId)
    {
        Invalidate(tenantId);
        if (_backplane is not null)
        {
            await _backplane.PublishSignalAsync(Topic, tenantId.ToString()).ConfigureAwait(false);
        }
    }
}
