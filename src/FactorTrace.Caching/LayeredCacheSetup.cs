using FactorTrace.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FactorTrace.Caching;

/// <summary>Registration of the layered cache.</summary>
public static class LayeredCacheSetup
{
    /// <summary>The logger category of the cache.</summary>
    public const string LogCategory = "FactorTrace.Cache";

    /// <summary>
    /// Adds a <see cref="LayeredCache{T}"/> with validated <see cref="CacheOptions"/> and its <see cref="CacheStats"/>. The
    /// disk layer, when enabled, lives in <c>DiskPath</c> or else in <c>cache</c> under <paramref name="dataDirectory"/>.
    /// Needs a <see cref="DependencyRegistry"/> (the Redis layer's pipeline), as <c>AddRemoteSources</c> adds.
    /// </summary>
    public static IServiceCollection AddLayeredCache<T>(
        this IServiceCollection services, Action<CacheOptions> configure, ICacheSerializer<T> serializer, Func<IServiceProvider, string> dataDirectory)
        where T : class
    {
        services.AddOptions<CacheOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CacheStats>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<CacheOptions>>().Value;
            return new LayeredCache<T>(
                options,
                serializer,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<DependencyRegistry>(),
                provider.GetRequiredService<CacheStats>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory),
                options.Disk ? options.DiskPath is { Length: > 0 } path ? Path.GetFullPath(path) : Path.Combine(dataDirectory(provider), "cache") : null);
        });
        return services;
    }
}
