namespace FactorTrace.Datasets.Tests;

/// <summary>Locates the published datasets (FACTORTRACE_DATASETS_PATH, else ../shared/data beside the checkout).</summary>
internal static class SharedData
{
    public static string Path { get; } = Locate();

    public static string File(string relative) => System.IO.Path.Combine(Path, relative);

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(FactorTrace.Datasets.DatasetsOptions.PathEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return System.IO.Path.GetFullPath(fromEnvironment);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "FactorTrace.slnx")))
            {
                return System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "data"));
            }
        }

        throw new InvalidOperationException("Cannot find the datasets: set FACTORTRACE_DATASETS_PATH.");
    }
}
