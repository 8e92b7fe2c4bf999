using FactorTrace.Broker;
using FactorTrace.Caching;
using FactorTrace.Resilience;
using FactorTrace.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FactorTrace.Remote;

/// <summary>Registration of the remote sources (with their licence rules and dependency pipelines) and of the broker's settings.</summary>
public static class RemoteSourcesSetup
{
    /// <summary>
    /// Adds the <see cref="RemoteSourceRegistry"/> with validated <see cref="RemoteSourcesOptions"/> (licence limits
    /// against the cache's ages), the dependency pipelines (Redis, the database and each remote source) with
    /// <see cref="ResilienceOptions"/>, the <see cref="LicenceVolumeGuard"/> and the <see cref="FactorResolver"/> over a
    /// <see cref="LayeredCache{T}"/> of answers (add it with <c>AddLayeredCache</c>).
    /// </summary>
    public static IServiceCollection AddRemoteSources(this IServiceCollection services, Action<RemoteSourcesOptions> configure, Action<ResilienceOptions> configureResilience)
    {
        services.AddOptions<RemoteSourcesOptions>().Configure(configure).ValidateOnStart();
        services.AddOptions<ResilienceOptions>().Configure(configureResilience);
        services.AddSingleton<IValidateOptions<RemoteSourcesOptions>, LicenceLimitsValidator>();
        services.AddDependencyPipelines(provider =>
        {
            var kinds = new Dictionary<string, DependencyKind>(StringComparer.OrdinalIgnoreCase)
            {
                ["redis"] = DependencyKind.Cache,
                ["database"] = DependencyKind.Database,
            };
            foreach (var id in provider.GetRequiredService<IOptions<RemoteSourcesOptions>>().Value.Sources.Keys)
            {
                kinds[id] = DependencyKind.RemoteApi;
            }

            return kinds;
        });
        services.AddHttpClient();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<RemoteSourcesOptions>>().Value;
            return new RemoteSourceRegistry(options, new BaseAddressClients(provider.GetRequiredService<IHttpClientFactory>(), options),
                provider.GetRequiredService<DependencyRegistry>(), provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(provider =>
        {
            var cache = provider.GetRequiredService<LayeredCache<FactorAnswer>>();
            return new LicenceVolumeGuard(
                provider.GetRequiredService<IOptions<RemoteSourcesOptions>>().Value.MaxLicensedFactorsPerTenantPerDay,
                provider.GetRequiredService<TimeProvider>(),
                cache.TryAddCappedAsync);
        });
        services.AddSingleton(provider => new FactorResolver(
            provider.GetRequiredService<RemoteSourceRegistry>(),
            provider.GetRequiredService<LayeredCache<FactorAnswer>>(),
            provider.GetRequiredService<IOptions<CacheOptions>>().Value,
            provider.GetRequiredService<LicenceVolumeGuard>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<FactorResolver>>()));
        return services;
    }

    /// <summary>
    /// Adds <see cref="BrokerOptions"/>, checked at start by <see cref="BrokerOptionsValidator"/> (each failure naming its
    /// key): a bad source order used to be swallowed and show up as "datasets not ready" on every request.
    /// </summary>
    public static IServiceCollection AddFactorBroker(this IServiceCollection services, Action<BrokerOptions> configure)
    {
        services.AddOptions<BrokerOptions>().Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BrokerOptions>, BrokerOptionsValidator>();
        return services;
    }

    /// <summary>HTTP clients of the remote sources: base address from the settings, no client-level timeout (the pipeline has one).</summary>
    private sealed class BaseAddressClients(IHttpClientFactory inner, RemoteSourcesOptions options) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name)
        {
            var client = inner.CreateClient(name);
            var id = name.StartsWith(RemoteSourceRegistry.HttpClientPrefix, StringComparison.Ordinal) ? name[RemoteSourceRegistry.HttpClientPrefix.Length..] : name;
            if (options.Sources.TryGetValue(id, out var source) && source.BaseUrl is { } url)
            {
                client.BaseAddress = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
            }

            client.Timeout = Timeout.InfiniteTimeSpan;
            return client;
        }
    }

    /// <summary>The licence limits of the remote sources, against the cache's ages.</summary>
    private sealed class LicenceLimitsValidator(IOptions<CacheOptions> cache) : IValidateOptions<RemoteSourcesOptions>
    {
        public ValidateOptionsResult Validate(string? name, RemoteSourcesOptions options)
        {
            var problems = RemoteSettingsValidation.Problems(options, cache.Value, SourceCatalog.Default.Sources.Select(s => s.Id));
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
