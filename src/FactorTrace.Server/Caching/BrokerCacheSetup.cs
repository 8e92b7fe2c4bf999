using FactorTrace.Broker;
using FactorTrace.Caching;
using FactorTrace.Remote;
using FactorTrace.Resilience;
using FactorTrace.Server.Hosting;
using FactorTrace.Sources;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Caching;

/// <summary>Registration of the remote sources, the layered cache, the licence rules and the dependency pipelines.</summary>
internal static class BrokerCacheSetup
{
    public static IServiceCollection AddBrokerCacheAndRemoteSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CacheOptions>().Bind(configuration.GetSection(CacheOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RemoteSourcesOptions>().Bind(configuration.GetSection(RemoteSourcesOptions.SectionName)).ValidateOnStart();
        services.AddOptions<ResilienceOptions>().Bind(configuration.GetSection(ResilienceOptions.SectionName));
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
        services.AddSingleton<CacheStats>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<CacheOptions>>().Value;
            var data = provider.GetRequiredService<IOptions<ServiceOptions>>().Value.DataDirectory;
            return new LayeredCache<FactorAnswer>(
                options,
                AnswerSerializer.Instance,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<DependencyRegistry>(),
                provider.GetRequiredService<CacheStats>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger("FactorTrace.Cache"),
                options.Disk ? options.DiskPath is { Length: > 0 } path ? Path.GetFullPath(path) : Path.Combine(data, "cache") : null);
        });
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
            provider.GetRequiredService<TimeProvider>()));
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

    private sealed class LicenceLimitsValidator(IOptions<CacheOptions> cache) : IValidateOptions<RemoteSourcesOptions>
    {
        public ValidateOptionsResult Validate(string? name, RemoteSourcesOptions options)
        {
            var problems = RemoteSettingsValidation.Problems(options, cache.Value, SourceCatalog.Default.Sources.Select(s => s.Id));
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
