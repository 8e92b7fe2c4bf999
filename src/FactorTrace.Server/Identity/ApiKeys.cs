using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using FactorTrace.Data;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Identity;

/// <summary>API key text: <c>ft_&lt;prefix&gt;_&lt;secret&gt;</c>; the prefix is public and unique, only the SHA-256 of the whole key is stored.</summary>
internal static class ApiKeyFormat
{
    private const int PrefixLength = 12;

    public static (string Key, string Prefix, string Hash) Generate()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PrefixLength / 2));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var key = $"ft_{prefix}_{secret}";
        return (key, prefix, Hash(key));
    }

    public static bool TryParsePrefix(string? key, out string prefix)
    {
        prefix = "";
        if (key is null || key.Length is < 20 or > 200 || !key.StartsWith("ft_", StringComparison.Ordinal) || key.IndexOf('_', 3) != 3 + PrefixLength)
        {
            return false;
        }

        prefix = key.Substring(3, PrefixLength);
        return true;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>Who an API key speaks for.</summary>
internal sealed record ApiKeyIdentity(Guid KeyId, Guid TenantId, string Role, DateTime? ExpiresAt);

/// <summary>
/// Checks API keys against the database (owner connection: the tenant is not known until the key is) and keeps valid
/// ones in memory for a minute so the hot path does not touch the database. Revocation on this instance is immediate;
/// on other instances it takes effect within that minute (issue 5 brings invalidation over Redis).
/// </summary>
internal sealed class ApiKeyValidator(SystemDbFactory systemDb, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    // Keyed by the key text itself, so the hot path does no hashing; entries hold the hash for revocation.
    private readonly ConcurrentDictionary<string, (ApiKeyIdentity Identity, string Hash, DateTimeOffset CachedAt)> _valid = new(StringComparer.Ordinal);

    public async ValueTask<ApiKeyIdentity?> ValidateAsync(string key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_valid.TryGetValue(key, out var cached) && now - cached.CachedAt < CacheFor)
        {
            return cached.Identity.ExpiresAt is { } e && e <= now.UtcDateTime ? null : cached.Identity;
        }

        if (!ApiKeyFormat.TryParsePrefix(key, out var prefix))
        {
            return null;
        }

        var hash = ApiKeyFormat.Hash(key);
        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            var row = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
                .Where(k => k.Prefix == prefix)
                .Select(k => new { k.Id, k.TenantId, k.Role, k.SecretHash, k.ExpiresAt, k.RevokedAt })
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (row is null || row.RevokedAt is not null || (row.ExpiresAt is { } expires && expires <= now.UtcDateTime)
                || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(row.SecretHash), Encoding.ASCII.GetBytes(hash)))
            {
                _valid.TryRemove(key, out _);
                return null;
            }

            var identity = new ApiKeyIdentity(row.Id, row.TenantId, row.Role, row.ExpiresAt);
            if (_valid.Count >= 100_000)
            {
                _valid.Clear();
            }

            _valid[key] = (identity, hash, now);
            return identity;
        }
    }

    /// <summary>Drops a revoked key from this instance's cache.</summary>
    public void Forget(string secretHash)
    {
        foreach (var (key, entry) in _valid)
        {
            if (entry.Hash == secretHash)
            {
                _valid.TryRemove(key, out _);
            }
        }
    }
}
