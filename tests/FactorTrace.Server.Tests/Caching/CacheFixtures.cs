using System.Text;
using FactorTrace.Caching;
using FactorTrace.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Tests.Caching;

/// <summary>A cached value that records which layer served it.</summary>
public sealed record Box(string Value, string Layer = "none");

internal sealed class BoxSerializer : ICacheSerializer<Box>
{
    public byte[] Serialize(Box value) => Encoding.UTF8.GetBytes(value.Value);

    public Box Deserialize(ReadOnlySpan<byte> bytes) => new(Encoding.UTF8.GetString(bytes));

    public Box AsServedFrom(Box value, CacheLayer layer) => value with { Layer = layer.Name() };
}

internal static class CacheFixtures
{
    public static LayeredCache<Box> Create(TimeProvider time, string? disk, string? redis = null, CacheOptions? options = null, DependencyOptions? redisPolicy = null)
    {
        options ??= new CacheOptions();
        options.Redis = redis;
        var dependencies = new DependencyRegistry(
            Options.Create(new ResilienceOptions { Dependencies = new(StringComparer.OrdinalIgnoreCase) { ["redis"] = redisPolicy ?? new DependencyOptions() } }), time);
        return new LayeredCache<Box>(options, new BoxSerializer(), time, dependencies, new CacheStats(), NullLogger.Instance, disk);
    }

    public static Func<CachedValue<Box>?, CancellationToken, ValueTask<Computed<Box>>> Value(string value, TimeSpan? duration = null, TimeSpan? maxAge = null) =>
        (_, _) => ValueTask.FromResult(new Computed<Box>(new Box(value), duration ?? TimeSpan.FromHours(12), maxAge ?? TimeSpan.FromHours(24), true));

    public static readonly Func<CachedValue<Box>?, CancellationToken, ValueTask<Computed<Box>>> SourceDown =
        (_, _) => ValueTask.FromResult(new Computed<Box>(null, TimeSpan.Zero, TimeSpan.Zero, false, UseStale: true));

    public static string TempDirectory() => Directory.CreateTempSubdirectory("factortrace-cache-").FullName;
}
