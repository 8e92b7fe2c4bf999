using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Data;

/// <summary>Applies the migration history on the owner connection, creating the SQLite file and its folder when needed.</summary>
public sealed class DatabaseMigrator(SystemDbFactory factory)
{
    /// <summary>Brings the schema up to date.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        var db = factory.CreateForMigrations();
        await using (db.ConfigureAwait(false))
        {
            if (db.Database.IsSqlite() && db.Database.GetDbConnection().DataSource is { Length: > 0 } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
            {
                PrivateFiles.EnsureDirectory(folder);
                PrivateFiles.TightenDatabase(Path.GetFullPath(file));
            }

            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
