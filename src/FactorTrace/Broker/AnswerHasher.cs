using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FactorTrace.Broker;

/// <summary>SHA-256 over a canonical JSON serialization of a request and its answer.</summary>
public static class AnswerHasher
{
    /// <summary>The serialization used for hashing and for the wire: snake_case, declared property order, shortest round-trip numbers.</summary>
    public static JsonSerializerOptions CanonicalOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    /// <summary>The lower-case hex SHA-256 of the request and the answer with its hash and cache layer blanked.</summary>
    public static string Hash(FactorRequest request, FactorAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Convert.ToHexStringLower(SHA256.HashData(CanonicalBytes(request, answer)));
    }

    /// <summary>The canonical JSON text that is hashed (for auditors who recompute it).</summary>
    public static string CanonicalText(FactorRequest request, FactorAnswer answer)
    {
        return Encoding.UTF8.GetString(CanonicalBytes(request, answer));
    }

    private static byte[] CanonicalBytes(FactorRequest request, FactorAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var canonical = answer with { Provenance = answer.Provenance with { Sha256 = "", Cache = "" } };
        return JsonSerializer.SerializeToUtf8Bytes(new HashedPayload(request, canonical), CanonicalOptions);
    }

    private sealed record HashedPayload(FactorRequest Request, FactorAnswer Answer);
}
