using System.Text.Json;
using FactorTrace.Broker;
using FactorTrace.Caching;

namespace FactorTrace.Remote;

/// <summary>Answers in L2 and L3 as the canonical snake_case JSON (the hash's own serialization, so a round trip keeps it).</summary>
public sealed class AnswerSerializer : ICacheSerializer<FactorAnswer>
{
    /// <summary>The instance.</summary>
    public static AnswerSerializer Instance { get; } = new();

    /// <inheritdoc />
    public byte[] Serialize(FactorAnswer value) => JsonSerializer.SerializeToUtf8Bytes(value, AnswerHasher.CanonicalOptions);

    /// <inheritdoc />
    public FactorAnswer Deserialize(ReadOnlySpan<byte> bytes) =>
        JsonSerializer.Deserialize<FactorAnswer>(bytes, AnswerHasher.CanonicalOptions) ?? throw new FormatException("The cached answer is null.");

    /// <inheritdoc />
    public FactorAnswer AsServedFrom(FactorAnswer value, CacheLayer layer)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.ServedFrom(layer.Name());
    }
}
