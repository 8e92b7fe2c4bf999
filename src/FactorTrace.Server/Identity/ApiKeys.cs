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
/// Checks API keys: the key text is matched against its stored SHA-256 once (owner connection: the tenant is not known
/// until the key is) and the text → key id pairing is remembered, since it never changes; whether the key still works
/// (revoked, expired, deleted) is asked of <see cref="CredentialStates"/> on every request, so revocation takes effect at
/// once here and, with the Redis backplane, on every instance.
/// </summary>
internal sealed class ApiKeyValidator(SystemDbFactory systemDb, CredentialStates states, TimeProvider time)
{
    // Keyed by the key text itself, so the hot path does no hashing.
    private readonly ConcurrentDictionary<string, Guid> _ids = new(StringComparer.Ordinal);

    public async ValueTask<ApiKeyIdentity?> ValidateAsync(string key, CancellationToken cancellationToken)
    {
        if (!_ids.TryGetValue(key, out var id))
        {
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
                    .Select(k => new { k.Id, k.SecretHash })
                    .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                if (row is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(row.SecretHash), Encoding.ASCII.GetBytes(hash)))
                {
                    return null;
                }

                id = row.Id;
            }

            if (_ids.Count >= 100_000)
            {
                _ids.Clear();
            }

            _ids[key] = id;
        }

        var state = await states.KeyAsync(id, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            _ids.TryRemove(key, out _);
            return null;
        }

        return state.ActiveAt(time.GetUtcNow()) ? new ApiKeyIdentity(state.Id, state.TenantId, state.Role, state.ExpiresAt) : null;
    }
}
