using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Data.Bulk;

/// <summary>
/// A larger SQLite page cache on a context's connection for the length of a heavy read (a report's grouped queries over a
/// million result rows look rows up through an index, page by page, and the default 2 MiB cache reads the same pages
/// again and again); restored on dispose, so the pooled connection goes back as it was. A no-op on PostgreSQL.
/// </summary>
public sealed class SqlitePageCache : IAsyncDisposable
{
    private readonly FactorTraceDb _db;
    private readonly long? _previous;

    private SqlitePageCache(FactorTraceDb db, long? previous)
    {
        _db = db;
        _previous = previous;
    }

    /// <summary>Opens the context's connection and, on SQLite, sets a page cache of <paramref name="kib"/> KiB.</summary>
    public static async Task<SqlitePageCache> EnlargeAsync(FactorTraceDb db, int kib, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (db.Database.GetDbConnection() is not SqliteConnection sqlite)
        {
            return new SqlitePageCache(db, null);
        }

        using var read = sqlite.CreateCommand();
        read.CommandText = "PRAGMA cache_size";
        var previous = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        using var set = sqlite.CreateCommand();
        set.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{kib}");
        await set.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new SqlitePageCache(db, previous);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_previous is { } previous && _db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            using var restore = sqlite.CreateCommand();
            restore.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = {previous}");
            await restore.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await _db.Database.CloseConnectionAsync().ConfigureAwait(false);
    }
}
