using System.Text.Json;
using FactorTrace.Caching;

namespace FactorTrace.Import.TextClassification;

/// <summary>Serializes cached answers for the cache's Redis and disk layers.</summary>
public sealed class ClassificationSerializer : ICacheSerializer<CachedClassification>
{
    /// <summary>The instance.</summary>
    public static ClassificationSerializer Instance { get; } = new();

    /// <inheritdoc />
    public byte[] Serialize(CachedClassification value) => JsonSerializer.SerializeToUtf8Bytes(value);

    /// <inheritdoc />
    public CachedClassification Deserialize(ReadOnlySpan<byte> bytes) =>
        JsonSerializer.Deserialize<CachedClassification>(bytes) ?? throw new JsonException("empty entry");

    /// <inheritdoc />
    public CachedClassification AsServedFrom(CachedClassification value, CacheLayer layer) => value;
}
