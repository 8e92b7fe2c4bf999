using FactorTrace.Resilience;
using FactorTrace.Sources;

namespace FactorTrace.Remote;

/// <summary>The configured remote sources and their catalogue entries.</summary>
public sealed class RemoteSourceRegistry : IDisposable
{
    private readonly Dictionary<string, IRemoteFactorSource> _sources = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IDisposable> _owned = [];

    /// <summary>Builds every enabled source with an HTTP client from <paramref name="clients"/> (named by source id).</summary>
    public RemoteSourceRegistry(RemoteSourcesOptions options, IHttpClientFactory clients, DependencyRegistry dependencies, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(dependencies);
        Options = options;
        foreach (var (id, source) in options.Sources.Where(s => s.Value.Enabled).OrderBy(s => s.Value.Priority).ThenBy(s => s.Key, StringComparer.Ordinal))
        {
            var http = clients.CreateClient(HttpClientName(id));
            var dependency = dependencies.Get(id, DependencyKind.RemoteApi);
            IRemoteFactorSource remote;
            if (string.Equals(source.Kind, "climatiq", StringComparison.OrdinalIgnoreCase))
            {
                var client = new ClimatiqClient(id, http, source, dependency, time);
                _owned.Add(client);
                Climatiq ??= client;
                remote = new ClimatiqSource(id, client, source);
            }
            else
            {
                var licensed = new LicensedApiSource(id, http, source, dependency, time);
                _owned.Add(licensed);
                remote = licensed;
            }

            _sources[id] = remote;
            Definitions.Add((source.ToDefinition(id), source.Priority));
        }
    }

    /// <summary>The settings.</summary>
    public RemoteSourcesOptions Options { get; }

    /// <summary>Catalogue entries with their priority, to add to the broker's sources.</summary>
    public List<(SourceDefinition Definition, int Priority)> Definitions { get; } = [];

    /// <summary>Every source.</summary>
    public IEnumerable<IRemoteFactorSource> Sources => _sources.Values;

    /// <summary>The first Climatiq-shaped client, for estimate pass-through; null when none is configured.</summary>
    public ClimatiqClient? Climatiq { get; }

    /// <summary>Whether any source is configured.</summary>
    public bool Any => _sources.Count > 0;

    /// <summary>The source of that id.</summary>
    public IRemoteFactorSource? Find(string id) => _sources.GetValueOrDefault(id);

    /// <summary>Prefix of the HTTP client names of the sources.</summary>
    public const string HttpClientPrefix = "remote-source:";

    /// <summary>The name of the HTTP client of a source.</summary>
    public static string HttpClientName(string id) => HttpClientPrefix + id;

    /// <summary>Adds the remote sources to a catalogue at their priorities.</summary>
    public SourceCatalog Extend(SourceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var (definition, priority) in Definitions)
        {
            catalog = catalog.With(definition, priority);
        }

        return catalog;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
