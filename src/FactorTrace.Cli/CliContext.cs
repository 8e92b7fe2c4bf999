using System.CommandLine;
using FactorTrace.Datasets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FactorTrace.Cli;

/// <summary>Options shared by every command and the services built from them.</summary>
internal static class CliContext
{
    /// <summary>
    /// The CLI's settings, named as the service's (<c>FactorTrace__Database__Provider</c>, <c>FactorTrace__Imports__MaxRows</c>…)
    /// and read from the environment once; commands read settings from here, never from the environment themselves.
    /// </summary>
    public static IConfiguration Configuration { get; } = new ConfigurationBuilder().AddEnvironmentVariables().Build();

    public static readonly Option<DirectoryInfo?> DatasetsOption = new("--datasets")
    {
        Description = $"Datasets folder (default: ${DatasetsOptions.PathEnvironmentVariable}, else <data directory>/datasets).",
        Recursive = true,
    };

    public static readonly Option<string?> MirrorOption = new("--mirror")
    {
        Description = "Base URL of a mirror with the datasets folder layout (default: FactorTrace__Datasets__MirrorBaseUrl).",
        Recursive = true,
    };

    public static ServiceProvider BuildServices(ParseResult parse)
    {
        var services = new ServiceCollection();
        services.AddFactorTraceDatasets(options =>
        {
            options.Path = ResolveDatasetsPath(parse.GetValue(DatasetsOption)?.FullName);
            options.MirrorBaseUrl = parse.GetValue(MirrorOption) ?? Configuration[$"{DatasetsOptions.SectionName}:MirrorBaseUrl"];
            options.MappingsPath = Configuration[$"{DatasetsOptions.SectionName}:MappingsPath"];
        });
        var provider = services.BuildServiceProvider(validateScopes: true);
        _ = provider.GetRequiredService<IOptions<DatasetsOptions>>().Value;
        return provider;
    }

    /// <summary>
    /// Loads the datasets and builds the broker; when nothing can be loaded (no datasets folder yet), says in one line what
    /// to do and returns null (exit code <see cref="ExitCodes.NoDatasets"/>). Partial failures are one warning each.
    /// </summary>
    public static async Task<(FactorTrace.Datasets.Ingestion.LoadedDatasets Loaded, FactorTrace.Broker.FactorBroker Broker)?> LoadBrokerAsync(ParseResult parse, CancellationToken ct)
    {
        using var services = BuildServices(parse);
        var path = services.GetRequiredService<IOptions<DatasetsOptions>>().Value.Path;
        var loaded = await services.GetRequiredService<FactorTrace.Datasets.Ingestion.DatasetIngestor>().IngestAsync([], ct, skipFailures: true).ConfigureAwait(false);
        if (loaded.Datasets.Count == 0 || loaded.Failures.ContainsKey("ipcc-gwp"))
        {
            Console.Error.WriteLine($"error: no datasets in '{path}': run 'factortrace datasets pull' to download them from their publishers, or pass --datasets <dir> (or set {DatasetsOptions.PathEnvironmentVariable}).");
            return null;
        }

        foreach (var (dataset, reason) in loaded.Failures)
        {
            Console.Error.WriteLine($"warning: dataset {dataset} not loaded: {reason}");
        }

        return (loaded, FactorTrace.Datasets.Ingestion.BrokerFactory.Create(loaded));
    }

    public static string ResolveDatasetsPath(string? fromOption)
    {
        if (!string.IsNullOrWhiteSpace(fromOption))
        {
            return fromOption;
        }

        return DatasetsOptions.ResolvePath(null, DataDirectory());
    }

    /// <summary>The service's data directory, resolved as the service resolves it (<see cref="Data.DataDirectory"/>).</summary>
    public static string DataDirectory() => Data.DataDirectory.Resolve(Configuration[Data.DataDirectory.SettingKey]);
}
