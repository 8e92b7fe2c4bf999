namespace FactorTrace.Data;

/// <summary>
/// The folder of the service's own files (the SQLite database, uploads, the cache's disk layer, the datasets by default),
/// resolved the same way by the service and the CLI.
/// </summary>
public static class DataDirectory
{
    /// <summary>The setting that names it (<c>FactorTrace__DataDirectory</c> in the environment).</summary>
    public const string SettingKey = "FactorTrace:DataDirectory";

    /// <summary><paramref name="configured"/> as a full path, else <c>~/.local/share/factortrace</c> (or the platform's equivalent), else <c>./data</c>.</summary>
    public static string Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        return string.IsNullOrEmpty(local) ? Path.Combine(Directory.GetCurrentDirectory(), "data") : Path.Combine(local, "factortrace");
    }

    /// <summary>The SQLite connection string of the database file in <paramref name="directory"/>.</summary>
    public static string SqliteConnectionString(string directory) => $"Data Source={Path.Combine(directory, "factortrace.db")}";
}
