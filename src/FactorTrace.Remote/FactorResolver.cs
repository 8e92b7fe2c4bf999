using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using FactorTrace.Broker;
using FactorTrace.Caching;
using FactorTrace.Units;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorTrace.Remote;

/// <summary>Who asks and how: the tenant (for the licence volume guard) and whether it is a bulk endpoint.</summary>
/// <param name="Tenant">Tenant id.</param>
/// <param name="Bulk">A batch or export: licensed sources without bulk rights are skipped.</param>
public sealed record ResolveScope(string Tenant, bool Bulk);

/// <summary>
/// The full cascade: the loaded sources through the broker (its memo is the in-process layer) and the remote sources in
/// their place in the order, through the layered cache, with licence rules applied. Requests whose order has no remote
/// source never touch L2 or L3: recomputing them (≈20 µs) is cheaper than a Redis round trip.
/// </summary>
public sealed class FactorResolver(
    RemoteSourceRegistry remote, LayeredCache<FactorAnswer> cache, CacheOptions cacheOptions, LicenceVolumeGuard guard, TimeProvider time, ILogger<FactorResolver>? logger = null)
{
    /// <summary>The name of the broker's trace source: one span per resolution, with the cache's and the database's inside it.</summary>
    public const string TracingSourceName = "FactorTrace.Broker";

    private static readonly System.Diagnostics.ActivitySource Tracing = new(TracingSourceName);

    private readonly ILogger _log = (ILogger?)logger ?? NullLogger.Instance;

    private readonly ConditionalWeakTable<FactorBroker, string> _generations = [];

    /// <summary>The cache.</summary>
    public LayeredCache<FactorAnswer> Cache => cache;

    /// <summary>The remote sources.</summary>
    public RemoteSourceRegistry Remote => remote;

    /// <summary>The licence volume guard.</summary>
    public LicenceVolumeGuard Guard => guard;

    /// <summary>The cache key prefix of everything the broker's dataset versions and the remote sources' settings answered.</summary>
    public string GenerationPrefix(FactorBroker broker) => $"{cache.Namespace}:{Generation(broker)}:";

    /// <summary>
    /// Resolves over the loaded sources only: the broker's memo is the in-process layer (<c>l1</c>); counted in the cache
    /// statistics like any other lookup.
    /// </summary>
    public ResolveOutcome ResolveLocal(FactorBroker broker, FactorRequest request)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(request);
        using var span = Activity.Current?.OperationName == "factor.resolve" ? null : Tracing.StartActivity("factor.resolve");
        span?.SetTag("factortrace.activity", request.Activity);
        span?.SetTag("factortrace.region", request.Region);
        var started = Stopwatch.GetTimestamp();
        var outcome = broker.Resolve(request);
        var hit = outcome.Answer is { Provenance.Cache: "l1" };
        span?.SetTag("factortrace.cache", hit ? "l1" : "miss");
        span?.SetTag("factortrace.source", outcome.Answer?.Source);
        cache.Stats.Lookup(CacheLayer.L1, hit ? LookupResults.Hit : LookupResults.Miss, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        cache.Stats.Served(hit ? CacheLayer.L1 : CacheLayer.None, false);
        return outcome;
    }

    /// <summary>Resolves a request (sources already narrowed to the tenant's).</summary>
    public async ValueTask<ResolveOutcome> ResolveAsync(FactorBroker broker, FactorRequest request, ResolveScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scope);
        using var span = Tracing.StartActivity("factor.resolve");
        span?.SetTag("factortrace.activity", request.Activity);
        span?.SetTag("factortrace.region", request.Region);
        var order = request.Sources is { Count: > 0 } named ? named : broker.SourceOrder;
        if (!remote.Any || !order.Any(id => remote.Find(id) is not null))
        {
            return ResolveLocal(broker, request);
        }

        var region = broker.Regions.Normalize(request.Region ?? "");
        var skipped = new List<Attempt>();
        var excluded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (scope.Bulk)
        {
            foreach (var id in order.Where(id => remote.Find(id) is not null && broker.Sources.Find(id)?.LicencePolicy.BulkExport == false))
            {
                excluded.Add(id);
                skipped.Add(new Attempt(AttemptLevels.Exact, id, region, AttemptOutcomes.Skipped, "licence: runtime use only, not served through bulk endpoints"));
                Log.LicenceBulkExcluded(_log, id);
            }
        }

        while (true)
        {
            var effective = order.Where(id => !excluded.Contains(id)).ToList();
            if (!effective.Any(id => remote.Find(id) is not null))
            {
                return WithAttempts(request, broker.Resolve(request with { Sources = effective }), skipped);
            }

            ResolveOutcome? failure = null;
            var key = Key(broker, request, effective);
            var result = await cache.GetOrAddAsync(
                key,
                async (stale, factoryToken) =>
                {
                    var (computed, failed) = await ComputeAsync(broker, request, effective, region, stale, factoryToken).ConfigureAwait(false);
                    failure = failed;
                    return computed;
                },
                cancellationToken).ConfigureAwait(false);
            if (result.Value is not { } answer)
            {
                var local = failure ?? broker.Resolve(request with { Sources = effective.Where(id => remote.Find(id) is null).ToList() });
                return WithAttempts(request, local, skipped);
            }

            if (result.Stale)
            {
                answer = MarkStale(request, answer, result);
            }

            if (broker.Sources.Find(answer.Source) is { IsLicensedLookup: true } && !await guard.TryAdmitAsync(scope.Tenant, answer.Source, answer.FactorId).ConfigureAwait(false))
            {
                excluded.Add(answer.Source);
                Log.LicenceVolumeRefused(_log, answer.Source, answer.FactorId, scope.Tenant, guard.MaxPerDay);
                skipped.Add(new Attempt(AttemptLevels.Exact, answer.Source, region, AttemptOutcomes.Skipped,
                    $"licence volume guard: this tenant received {guard.MaxPerDay} distinct {answer.Source} factors today"));
                continue;
            }

            return WithAttempts(request, ResolveOutcome.Success(answer), skipped);
        }
    }

    private async ValueTask<(Computed<FactorAnswer> Computed, ResolveOutcome? Failure)> ComputeAsync(
        FactorBroker broker, FactorRequest request, List<string> effective, string region, CachedValue<FactorAnswer>? stale, CancellationToken cancellationToken)
    {
        var attempts = new List<Attempt>();
        var activity = broker.FindActivityRef(request.Activity ?? "");
        var unit = UnitRegistry.Default.Lookup(request.Unit).Unit;
        var gwp = (request.Gwp ?? broker.DefaultGwp).Trim().ToUpperInvariant();
        var localRun = new List<string>();
        var degraded = false;
        foreach (var id in effective)
        {
            if (remote.Find(id) is not { } source)
            {
                localRun.Add(id);
                continue;
            }

            if (localRun.Count > 0)
            {
                var run = broker.Resolve(request with { Sources = [.. localRun] }, allowProxies: false);
                if (run.Answer is { } earlier)
                {
                    return (Store(request, Merge(attempts, earlier), degraded, false), null);
                }

                attempts.AddRange(run.Error?.Attempts ?? []);
                localRun.Clear();
            }

            if (activity is null || unit is null)
            {
                attempts.Add(new Attempt(AttemptLevels.Exact, id, region, AttemptOutcomes.Skipped, "the activity or unit is not recognized"));
                continue;
            }

            var lookup = await source.FindAsync(new RemoteQuery(activity, region, request.Year, unit.Code, unit.Dimension, gwp), cancellationToken).ConfigureAwait(false);
            if (lookup.Factor is { } factor)
            {
                var outcome = broker.AnswerFromExternal(request, factor, broker.Sources.Find(id)!, [.. attempts, new Attempt(AttemptLevels.Exact, id, factor.Region, AttemptOutcomes.Hit, $"{id}:{factor.Id}")], []);
                if (outcome.Answer is { } answer)
                {
                    return (Store(request, answer, false, true), null);
                }

                attempts.Add(new Attempt(AttemptLevels.Exact, id, region, AttemptOutcomes.Skipped, outcome.Error!.Message));
                continue;
            }

            attempts.Add(new Attempt(AttemptLevels.Exact, id, region, lookup.ProvenanceOutcome, lookup.Detail));
            if (lookup.Failed)
            {
                Log.RemoteSourceFailed(_log, id, lookup.ProvenanceOutcome, lookup.Detail);
                degraded = true;
            }
        }

        if (degraded && stale is not null)
        {
            return (new Computed<FactorAnswer>(null, TimeSpan.Zero, TimeSpan.Zero, false, UseStale: true), null);
        }

        var locals = effective.Where(id => remote.Find(id) is null).ToList();
        var final = locals.Count == 0
            ? ResolveOutcome.Failure(new BrokerError(BrokerErrorCodes.NoFactor, "activity", $"No source answered for {request.Activity} in {region}.", []) { Attempts = attempts })
            : broker.Resolve(request with { Sources = locals });
        if (final.Answer is not { } localAnswer)
        {
            var error = final.Error!;
            return (new Computed<FactorAnswer>(null, TimeSpan.Zero, TimeSpan.Zero, false), ResolveOutcome.Failure(error with { Attempts = [.. attempts, .. error.Attempts] }));
        }

        return (Store(request, Merge(attempts, localAnswer), degraded, !degraded), null);
    }

    private Computed<FactorAnswer> Store(FactorRequest request, FactorAnswer answer, bool degraded, bool persist)
    {
        var sealedAnswer = Seal(request, answer.ServedFrom("none"));
        var licence = answer.Licence.MaxCacheAgeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.MaxValue;
        var duration = degraded ? cacheOptions.DegradedDuration : Min(cacheOptions.DurationFor(answer.Source), licence);
        var maxAge = Min(duration + (degraded ? TimeSpan.Zero : cacheOptions.FailSafeFor(answer.Source)), licence);
        return new Computed<FactorAnswer>(sealedAnswer, duration, maxAge, persist);
    }

    private FactorAnswer MarkStale(FactorRequest request, FactorAnswer answer, CacheResult<FactorAnswer> result)
    {
        var times = result.Times!.Value;
        var age = time.GetUtcNow() - times.FetchedAt;
        var fallback = new Fallback(FallbackKinds.Stale,
            $"{answer.Source} could not be reached; served the answer fetched {times.FetchedAt.ToString("u", CultureInfo.InvariantCulture)} ({age.TotalMinutes:0} min old, usable until {times.ExpiresAt.ToString("u", CultureInfo.InvariantCulture)})");
        var marked = answer with { Provenance = answer.Provenance with { Fallbacks = [.. answer.Provenance.Fallbacks, fallback], Cache = result.Layer.Name() } };
        return Seal(request, marked);
    }

    private static FactorAnswer Merge(List<Attempt> before, FactorAnswer answer)
    {
        if (before.Count == 0)
        {
            return answer;
        }

        var seen = new HashSet<Attempt>(before);
        var attempts = before.Concat(answer.Provenance.Attempts.Where(seen.Add)).ToList();
        return answer with { Provenance = answer.Provenance with { Attempts = attempts } };
    }

    private static ResolveOutcome WithAttempts(FactorRequest request, ResolveOutcome outcome, List<Attempt> skipped)
    {
        if (skipped.Count == 0)
        {
            return outcome;
        }

        if (outcome.Answer is { } answer)
        {
            return ResolveOutcome.Success(Seal(request, answer with { Provenance = answer.Provenance with { Attempts = [.. skipped, .. answer.Provenance.Attempts] } }));
        }

        return ResolveOutcome.Failure(outcome.Error! with { Attempts = [.. skipped, .. outcome.Error!.Attempts] });
    }

    private static FactorAnswer Seal(FactorRequest request, FactorAnswer answer) =>
        answer with { Provenance = answer.Provenance with { Sha256 = AnswerHasher.Hash(request, answer) } };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private string Key(FactorBroker broker, FactorRequest request, List<string> effective) => string.Concat(
        GenerationPrefix(broker), "*:",
        string.Join('|', request.Activity.Trim(), request.Region.Trim().ToUpperInvariant(), request.Year.ToString(CultureInfo.InvariantCulture), request.Unit.Trim(),
            (request.Gwp ?? broker.DefaultGwp).ToUpperInvariant(), string.Join(',', effective), request.Datasets is null ? "" : string.Join(',', request.Datasets),
            request.AsOf?.ToString("O", CultureInfo.InvariantCulture) ?? "", request.PriceBasis ?? ""));

    private string Generation(FactorBroker broker) => _generations.GetValue(broker, b =>
    {
        // The broker's rules are part of the generation: answers computed under earlier rules are not served again.
        var text = new StringBuilder(b.Store.DatasetVersions).Append(";rules=").Append(FactorBroker.RulesVersion).Append(';');

        foreach (var (id, source) in remote.Options.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append(id).Append('=').Append(source.Kind).Append(',').Append(source.BaseUrl).Append(',').Append(source.DataVersion).Append(';');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    });
}
