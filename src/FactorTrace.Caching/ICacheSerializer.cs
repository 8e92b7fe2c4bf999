namespace FactorTrace.Caching;

/// <summary>Turns cached values into bytes for L2 and L3 and back.</summary>
public interface ICacheSerializer<T>
{
    /// <summary>The value's bytes.</summary>
    byte[] Serialize(T value);

    /// <summary>The value from its bytes; throws on malformed input (read as a corrupt entry).</summary>
    T Deserialize(ReadOnlySpan<byte> bytes);

    /// <summary>The value as served from a layer (for example with the layer written into its provenance).</summary>
    T AsServedFrom(T value, CacheLayer layer);
}
