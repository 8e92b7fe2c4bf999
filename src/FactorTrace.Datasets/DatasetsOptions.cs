using System.ComponentModel.DataAnnotations;

namespace FactorTrace.Datasets;

/// <summary>Where the datasets live and where to download them from.</summary>
public sealed class DatasetsOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "FactorTrace:Datasets";

    /// <summary>
    /// The datasets folder to use: <see cref="PathEnvironmentVariable"/> when set, else <paramref name="configured"/>,
    /// else <c>{dataDirectory}/datasets</c>.
    /// </summary>
    public static string ResolvePath(string? configured, string dataDirectory)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(PathEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return System.IO.Path.GetFullPath(fromEnvironment);
        }

        return !string.IsNullOrWhiteSpace(configured)
            ? System.IO.Path.GetFullPath(configured)
            : System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDirectory), "datasets");
    }

    /// <summary>Environment variable that overrides <see cref="Path"/>.</summary>
    public const string PathEnvironmentVariable = "FACTORTRACE_DATASETS_PATH";

    /// <summary>The datasets folder (one sub-folder per dataset, as in the catalogue).</summary>
    /// <value>Required; hosts default it to <c>{data directory}/datasets</c>.</value>
    [Required]
    public string Path { get; set; } = "";

    /// <summary>Base URL of a mirror with the same folder layout; used by <c>pull</c> instead of publisher URLs.</summary>
    /// <value>None by default.</value>
    [Url]
    public string? MirrorBaseUrl { get; set; }

    /// <summary>A folder of mapping files that take precedence over the built-in ones (a new dataset or year needs no rebuild).</summary>
    /// <value>None by default.</value>
    public string? MappingsPath { get; set; }

    /// <summary>Whether ingestion refuses files whose SHA-256 differs from the catalogue's pinned value.</summary>
    /// <value><see langword="true"/>.</value>
    public bool VerifyHashes { get; set; } = true;
}
