namespace FactorTrace.Reporting.Tests;

/// <summary>The published datasets and the ESRS taxonomy (FACTORTRACE_DATASETS_PATH, else ../shared/data beside the checkout).</summary>
internal static class TestData
{
    public static string DatasetsPath { get; } = Locate();

    public static string TaxonomyPath => Path.Combine(DatasetsPath, Xbrl.EsrsTaxonomy.FolderName);

    public static string? PostgresAdmin => Environment.GetEnvironmentVariable("FACTORTRACE_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static bool PostgresRequired => Environment.GetEnvironmentVariable("FACTORTRACE_REQUIRE_POSTGRES") == "1";

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(Datasets.DatasetsOptions.PathEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FactorTrace.slnx")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            }
        }

        throw new InvalidOperationException("Cannot find the datasets: set FACTORTRACE_DATASETS_PATH.");
    }
}
