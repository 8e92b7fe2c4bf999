using System.Collections.Concurrent;
using System.Data.Common;
using FactorTrace.Broker;
using FactorTrace.Caching;
using FactorTrace.Data;
using FactorTrace.Server.Caching;
using FactorTrace.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Identity;

/// <summary>What a user may do now, as the database says.</summary>
internal sealed record UserState(Guid Id, Guid TenantId, string Role, bool Disabled, bool PlatformAdmin, Guid SecurityStamp);

/// <summary>Whether an API key still works, as the database says.</summary>
internal sealed record KeyState(Guid Id, Guid TenantId, string Role, DateTime? ExpiresAt, DateTime? RevokedAt)
{
    public bool ActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is not { } e || e > now.UtcDateTime);
}

/// <summary>
/// The current state of users and API keys, read per request so a token or key stops working as soon as its user is
/// demoted, disabled or deleted, or its key revoked or expired. Each instance keeps what it read for a few seconds
/// (<c>Auth:CredentialCheckSeconds</c>); a change drops the entry here at once and, over the Redis backplane when one is
/// configured, on every other instance. While the database is unreachable the last state read keeps serving.
/// </summary>
internal sealed class CredentialStates
{
    private const string Topic = "credential";

    private readonly SystemDbFactory _systemDb;
    private readonly TimeProvider _time;
    private readonly TimeSpan _freshFor;
    private readonly ConcurrentDictionary<Guid, (UserState? State, DateTimeOffset LoadedAt)> _users = new();
    private readonly ConcurrentDictionary<Guid, (KeyState? State, DateTimeOffset LoadedAt)> _keys = new();

    // Bumped by every change, so a read that started before a change never caches what it read.
    private long _generation;

    public CredentialStates(SystemDbFactory systemDb, TimeProvider time, TimeSpan freshFor)
    {
        _systemDb = systemDb;
        _time = time;
        _freshFor = freshFor;
    }

    /// <summary>The service's wiring: states that listen to and speak on the cache's Redis backplane.</summary>
    public static CredentialStates OnBackplane(SystemDbFactory systemDb, TimeProvider time, IOptions<ServiceOptions> options, LayeredCache<FactorAnswer> backplane)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(backplane);
        var states = new CredentialStates(systemDb, time, TimeSpan.FromSeconds(options.Value.Auth.CredentialCheckSeconds))
        {
            Broadcast = id => backplane.PublishSignalAsync(Topic, id.ToString()),
        };
        backplane.OnIdSignal(Topic, states.Forget);
        return states;
    }

    /// <summary>Tells the other instances that a user or key changed.</summary>
    public Func<Guid, ValueTask>? Broadcast { get; init; }

    public ValueTask<UserState?> UserAsync(Guid id, CancellationToken cancellationToken) =>
        GetAsync(_users, id, static (db, id, ct) => db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => u.Id == id)
            .Select(u => new UserState(u.Id, u.TenantId, u.Role, u.Disabled, u.PlatformAdmin, u.SecurityStamp))
            .FirstOrDefaultAsync(ct), cancellationToken);

    public ValueTask<KeyState?> KeyAsync(Guid id, CancellationToken cancellationToken) =>
        GetAsync(_keys, id, static (db, id, ct) => db.ApiKeys.IgnoreQueryFilters().AsNoTracking().Where(k => k.Id == id)
            .Select(k => new KeyState(k.Id, k.TenantId, k.Role, k.ExpiresAt, k.RevokedAt))
            .FirstOrDefaultAsync(ct), cancellationToken);

    /// <summary>After a change of a user or key: forget it here and tell the other instances.</summary>
    public async ValueTask ChangedAsync(Guid id)
    {
        Forget(id);
        if (Broadcast is { } broadcast)
        {
            await broadcast(id).ConfigureAwait(false);
        }
    }

    /// <summary>Drops what this instance knows of a user or key.</summary>
    public void Forget(Guid id)
    {
        Interlocked.Increment(ref _generation);
        _users.TryRemove(id, out _);
        _keys.TryRemove(id, out _);
    }

    private async ValueTask<T?> GetAsync<T>(
        ConcurrentDictionary<Guid, (T? State, DateTimeOffset LoadedAt)> entries, Guid id, Func<FactorTraceDb, Guid, CancellationToken, Task<T?>> load,
        CancellationToken cancellationToken)
        where T : class
    {
        var now = _time.GetUtcNow();
        var found = entries.TryGetValue(id, out var entry);
        if (found && now - entry.LoadedAt < _freshFor)
        {
            return entry.State;
        }

        var generation = Interlocked.Read(ref _generation);
        try
        {
            var db = _systemDb.Create();
            await using (db.ConfigureAwait(false))
            {
                var state = await load(db, id, cancellationToken).ConfigureAwait(false);
                if (entries.Count >= 100_000)
                {
                    entries.Clear();
                }

                if (Interlocked.Read(ref _generation) == generation)
                {
                    entries[id] = (state, now);
                }

                return state;
            }
        }
        catch (DbException) when (found)
        {
            // The database is down: no change can be written either, so the last state read is still the truth.
            return entry.State;
        }
    }
}

/// <summary>The per-request check of a token the service issued against the current state of its user or key.</summary>
internal static class CredentialCheck
{
    /// <summary>Null when the principal may go on; otherwise why not.</summary>
    public static async ValueTask<string?> RefusalAsync(System.Security.Claims.ClaimsPrincipal principal, CredentialStates states, TimeProvider time, CancellationToken cancellationToken)
    {
        var kind = principal.FindFirst(FtClaims.Kind)?.Value;
        if (!Guid.TryParse(principal.FindFirst(FtClaims.Subject)?.Value, out var id) || !Guid.TryParse(principal.FindFirst(FtClaims.Tenant)?.Value, out var tenant))
        {
            return "The token names no subject or tenant.";
        }

        var role = principal.FindFirst(FtClaims.Role)?.Value;
        switch (kind)
        {
            case "user":
                var user = await states.UserAsync(id, cancellationToken).ConfigureAwait(false);
                if (user is null || user.Disabled || user.TenantId != tenant)
                {
                    return "The token's user no longer exists or is disabled.";
                }

                var stamp = principal.FindFirst(FtClaims.SecurityStamp)?.Value;
                if (!Guid.TryParse(stamp, out var issuedWith) || issuedWith != user.SecurityStamp || user.Role != role
                    || user.PlatformAdmin != (principal.FindFirst(FtClaims.PlatformAdmin)?.Value == "true"))
                {
                    return "The user's role, password or access changed after the token was issued; sign in again.";
                }

                return null;
            case "key":
                var key = await states.KeyAsync(id, cancellationToken).ConfigureAwait(false);
                return key is not null && key.ActiveAt(time.GetUtcNow()) && key.TenantId == tenant && key.Role == role
                    ? null
                    : "The API key the token was exchanged for is revoked, expired or deleted.";
            default:
                return $"Tokens of kind '{kind}' are not issued by this service.";
        }
    }
}
