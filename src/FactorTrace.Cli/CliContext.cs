using System.CommandLine;
using FactorTrace.Datasets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FactorTrace.Cli;

/// <summary>Options shared by every command and the services built from them.</summary>
internal static class CliContext
{
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
            options.MirrorBaseUrl = parse.GetValue(MirrorOption) ?? Environment.GetEnvironmentVariable("FactorTrace__Datasets__MirrorBaseUrl");
            options.MappingsPath = Environment.GetEnvironmentVariable("FactorTrace__Datasets__MappingsPath");
        });
        var provider = services.BuildServiceProvider(validateScopes: true);
        _ = provider.GetRequiredService<IOptions<DatasetsOptions>>().Value;
        return provider;
    }

    public static string ResolveDatasetsPath(string? fromOption)
    {
        if (!string.IsNullOrWhiteSpace(fromOption))
        {
            return fromOption;
        }

        return DatasetsOptions.ResolvePath(null, DataDirectory());
    }

    /// <summary>The service's data directory: <c>FactorTrace__DataDirectory</c>, else the platform's local application data.</summary>
    public static string DataDirectory()
    {
        var dataDirectory = Environment.GetEnvironmentVariable("FactorTrace__DataDirectory");
        return string.IsNullOrWhiteSpace(dataDirectory)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "factortrace")
            : dataDirectory;
    }
}
