using System.Text;
using FactorTrace.Resilience;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FactorTrace.Caching;

/// <summary>
/// L2 and the backplane over one StackExchange.Redis multiplexer (<c>abortConnect=false</c>, <c>BacklogPolicy.FailFast</c>):
/// every command runs through the <c>redis</c> dependency (50 ms timeout enforced by us, circuit breaker), so a stopped or
/// frozen Redis costs at most one timeout per call until the circuit opens, and an outcome check after that. Calls are
/// not skipped by peeking at the state: the breaker is passive and only half-opens when a call reaches it.
/// </summary>
internal sealed class RedisLayer : IAsyncDisposable
{
    private readonly Dependency _dependency;
    private readonly CacheStats _stats;
    private readonly ILogger _log;
    private readonly RedisChannel _channel;
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly Task _connecting;
    private ConnectionMultiplexer? _redis;
    private bool _subscribed;

    public RedisLayer(string connectionString, string ns, Dependency dependency, CacheStats stats, ILogger log)
    {
        _dependency = dependency;
        _stats = stats;
        _log = log;
        _channel = RedisChannel.Literal($"{ns}:invalidations");
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.ConnectRetry = 1;
        _connecting = ConnectAsync(options);
    }

    /// <summary>Raised for an invalidation published by another instance.</summary>
    public event Action<Invalidation>? Invalidated;

    public bool Connected => _redis?.IsConnected == true;

    public string? LastError { get; private set; }

    /// <summary>Completes when the first connection attempt has finished (connected or not).</summary>
    public Task Ready => _connecting;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_redis is not { } redis)
        {
            return null;
        }

        var result = await _dependency.ExecuteAsync(
            static async (s, ct) => (byte[]?)await s.db.StringGetAsync(s.key).WaitAsync(ct).ConfigureAwait(false),
            (db: redis.GetDatabase(), key: (RedisKey)key),
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Failed(result.Outcome, result.Error);
        }

        return result.Value;
    }

    public async ValueTask<bool> SetAsync(string key, byte[] value, TimeSpan ttl)
    {
        if (_redis is not { } redis || ttl <= TimeSpan.Zero)
        {
            return false;
        }

        var result = await _dependency.ExecuteAsync(
            static async (s, ct) => await s.db.StringSetAsync(s.key, s.value, s.ttl).WaitAsync(ct).ConfigureAwait(false),
            (db: redis.GetDatabase(), key: (RedisKey)key, value, ttl),
            CancellationToken.None).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Failed(result.Outcome, result.Error);
        }

        return result.Succeeded;
    }

    public async ValueTask RemoveAsync(string key)
    {
        if (_redis is { } redis)
        {
            try
            {
                await redis.GetDatabase().KeyDeleteAsync(key).ConfigureAwait(false);
            }
            catch (RedisException ex)
            {
                Failed(DependencyOutcome.Error, ex.Message);
            }
        }
    }

    /// <summary>Deletes every key with the prefix on every primary (SCAN, not KEYS).</summary>
    public async ValueTask<long> RemoveByPrefixAsync(string prefix)
    {
        if (_redis is not { } redis)
        {
            return 0;
        }

        long removed = 0;
        try
        {
            var db = redis.GetDatabase();
            foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
            {
                var batch = new List<RedisKey>(512);
                await foreach (var key in server.KeysAsync(db.Database, pattern: EscapeGlob(prefix) + "*", pageSize: 1000).ConfigureAwait(false))
                {
                    batch.Add(key);
                    if (batch.Count == 512)
                    {
                        removed += await db.KeyDeleteAsync([.. batch]).ConfigureAwait(false);
                        batch.Clear();
                    }
                }

                if (batch.Count > 0)
                {
                    removed += await db.KeyDeleteAsync([.. batch]).ConfigureAwait(false);
                }
            }
        }
        catch (RedisException ex)
        {
            Failed(DependencyOutcome.Error, ex.Message);
        }

        return removed;
    }

    // Admit a member to a capped set: 1 if already in or added, 0 if the set is full. Atomic, so instances agree.
    private const string CappedAddScript = """
        if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
        if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
        redis.call('SADD', KEYS[1], ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    /// <summary>
    /// Adds <paramref name="member"/> to the set at <paramref name="key"/> unless it already holds <paramref name="cap"/>
    /// other members; null when Redis cannot answer (the caller falls back to its own count).
    /// </summary>
    public async ValueTask<bool?> TryAddCappedAsync(string key, string member, int cap, TimeSpan ttl)
    {
        if (_redis is not { } redis)
        {
            return null;
        }

        var result = await _dependency.ExecuteAsync(
            static async (s, ct) => (long)await s.db.ScriptEvaluateAsync(CappedAddScript, [s.key], [s.member, s.cap, (long)s.ttl.TotalMilliseconds]).WaitAsync(ct).ConfigureAwait(false),
            (db: redis.GetDatabase(), key: (RedisKey)key, member: (RedisValue)member, cap, ttl),
            CancellationToken.None).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Failed(result.Outcome, result.Error);
            return null;
        }

        return result.Value == 1;
    }

    // A token bucket shared by every instance: refilled continuously from Redis' own clock (one clock for all instances),
    // tokens taken only when all requested are there. Returns {1, 0} when taken, {0, ms until enough} when refused.
    private const string TokenBucketScript = """
        local capacity = tonumber(ARGV[1])
        local per_ms = tonumber(ARGV[2])
        local wanted = tonumber(ARGV[3])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(state[1]) or capacity
        local at = tonumber(state[2]) or now
        tokens = math.min(capacity, tokens + math.max(0, now - at) * per_ms)
        local taken = 0
        if tokens >= wanted then
          tokens = tokens - wanted
          taken = 1
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
        redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / per_ms) + 1000)
        if taken == 1 then return {1, 0} end
        return {0, math.ceil((wanted - tokens) / per_ms)}
        """;

    /// <summary>
    /// Takes <paramref name="count"/> tokens from the bucket at <paramref name="key"/> (shared by every instance); null
    /// when Redis cannot answer (the caller decides with its own bucket then).
    /// </summary>
    public async ValueTask<TokenTake?> TryTakeTokensAsync(string key, int capacity, double tokensPerSecond, int count)
    {
        if (_redis is not { } redis)
        {
            return null;
        }

        var result = await _dependency.ExecuteAsync(
            static async (s, ct) => (RedisResult[])(await s.db.ScriptEvaluateAsync(TokenBucketScript, [s.key],
                [s.capacity, (s.perSecond / 1000.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture), s.count]).WaitAsync(ct).ConfigureAwait(false))!,
            (db: redis.GetDatabase(), key: (RedisKey)key, capacity, perSecond: tokensPerSecond, count),
            CancellationToken.None).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Failed(result.Outcome, result.Error);
            return null;
        }

        return new TokenTake((long)result.Value![0] == 1, TimeSpan.FromMilliseconds((long)result.Value[1]));
    }

    /// <summary>Tells the other instances (best effort; a lost message leaves them with L1 copies until those expire).</summary>
    public async ValueTask PublishAsync(Invalidation invalidation)
    {
        if (_redis is not { } redis)
        {
            return;
        }

        var message = $"{_instance}\n{invalidation.Kind}\n{invalidation.Target}";
        var result = await _dependency.ExecuteAsync(
            static async (s, ct) => await s.sub.PublishAsync(s.channel, s.message).WaitAsync(ct).ConfigureAwait(false),
            (sub: redis.GetSubscriber(), channel: _channel, message: (RedisValue)message),
            CancellationToken.None).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Failed(result.Outcome, result.Error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is { } redis)
        {
            await redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string EscapeGlob(string text)
    {
        var sb = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private async Task ConnectAsync(ConfigurationOptions options)
    {
        try
        {
            var redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            redis.ConnectionFailed += (_, e) => LastError = $"{e.FailureType}: {e.Exception?.Message}";
            redis.ConnectionRestored += (_, _) => _ = SubscribeAsync(redis);
            _redis = redis;
            await SubscribeAsync(redis).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or ArgumentException)
        {
            LastError = ex.Message;
            Log.RedisUnavailable(_log, ex.Message);
        }
    }

    private async Task SubscribeAsync(ConnectionMultiplexer redis)
    {
        if (Volatile.Read(ref _subscribed))
        {
            return;
        }

        try
        {
            await redis.GetSubscriber().SubscribeAsync(_channel, (_, message) => OnMessage(message)).ConfigureAwait(false);
            Volatile.Write(ref _subscribed, true);
        }
        catch (RedisException ex)
        {
            LastError = ex.Message;
            Log.NotSubscribed(_log, ex.Message);
        }
    }

    private void OnMessage(RedisValue message)
    {
        var parts = ((string?)message ?? "").Split('\n', 3);
        if (parts.Length != 3 || parts[0] == _instance)
        {
            return;
        }

        Invalidated?.Invoke(new Invalidation(parts[1], parts[2]));
    }

    private void Failed(DependencyOutcome outcome, string? error)
    {
        // A call refused by the open circuit is not another error: the dependency counts it as a rejection.
        if (outcome == DependencyOutcome.CircuitOpen)
        {
            return;
        }

        LastError = error;
        _stats.Error(CacheLayer.L2, outcome == DependencyOutcome.Timeout ? "timeout" : "unavailable");
    }
}

/// <summary>An invalidation travelling between instances: <c>set</c> or <c>remove</c> of a key, or <c>prefix</c>.</summary>
public sealed record Invalidation(string Kind, string Target);

/// <summary>The answer of a shared token bucket: whether the tokens were taken, and else how long until enough are there.</summary>
public sealed record TokenTake(bool Taken, TimeSpan RetryAfter);
