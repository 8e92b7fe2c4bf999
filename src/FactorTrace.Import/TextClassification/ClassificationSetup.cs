using FactorTrace.Broker;
using FactorTrace.Caching;
using FactorTrace.Resilience;
using FactorTrace.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FactorTrace.Import.TextClassification;

/// <summary>Registration of the text classifier.</summary>
public static class ClassificationSetup
{
    /// <summary>
    /// Adds <see cref="TextClassifier"/> with validated <see cref="ClassificationOptions"/>: the providers (each a dependency
    /// <c>llm-&lt;name&gt;</c>, known to the dependency pipelines' settings) and a layered cache of answers in the namespace
    /// <c>classification</c> (memory, and Redis when <c>FactorTrace:Cache:Redis</c> is set). Needs a
    /// <see cref="DependencyRegistry"/>; counts on the <see cref="UsageMeter"/> when one is registered.
    /// </summary>
    public static IServiceCollection AddTextClassification(this IServiceCollection services, Action<ClassificationOptions> configure, Func<IServiceProvider, FactorBroker?> broker)
    {
        services.AddOptions<ClassificationOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClassificationOptions>, ClassificationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new KnownDependencies(sp.GetRequiredService<IOptions<ClassificationOptions>>().Value.Providers
            .Where(p => !string.IsNullOrWhiteSpace(p.Name)).DistinctBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(p => p.DependencyName, _ => DependencyKind.RemoteApi, StringComparer.OrdinalIgnoreCase)));
        services.AddHttpClient(ChatCompletionsProvider.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => new ActivityCatalogue(() => broker(sp)));
        services.AddSingleton(sp =>
        {
            var baseOptions = sp.GetRequiredService<IOptions<CacheOptions>>().Value;
            var options = new CacheOptions { Namespace = "classification", Redis = baseOptions.Redis, MemoryEntries = 20_000, Disk = false };
            return new LayeredCache<CachedClassification>(options, ClassificationSerializer.Instance, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<DependencyRegistry>(),
                new CacheStats(), sp.GetRequiredService<ILoggerFactory>().CreateLogger(LayeredCacheSetup.LogCategory), null);
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClassificationOptions>>().Value;
            var providers = options.Providers.Select(p => new ChatCompletionsProvider(
                p, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<DependencyRegistry>(), sp.GetRequiredService<TimeProvider>())).ToList();
            return new TextClassifier(options, sp.GetRequiredService<ActivityCatalogue>(), providers, sp.GetRequiredService<LayeredCache<CachedClassification>>(),
                sp.GetService<UsageMeter>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<TextClassifier>>());
        });
        services.AddSingleton<IDescriptionClassifier>(sp => sp.GetRequiredService<TextClassifier>());
        return services;
    }
}
