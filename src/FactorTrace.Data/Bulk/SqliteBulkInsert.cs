using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FactorTrace.Data.Bulk;

/// <summary>
/// A bulk INSERT on SQLite through its C API (SQLitePCLRaw, under Microsoft.Data.Sqlite): rows are buffered and bound by
/// position into one prepared multi-row statement; the rows of an unfinished batch go one statement each. Microsoft.Data.Sqlite
/// looks every parameter up by name on each execution, which at this volume costs more than the insert itself. Runs in
/// whatever transaction the connection has open.
/// </summary>
/// <typeparam name="T">The row type.</typeparam>
public sealed class SqliteBulkInsert<T> : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Action<Binder, T> _bind;
    private readonly int _width;
    private readonly sqlite3_stmt _batch;
    private readonly sqlite3_stmt _single;
    private readonly T[] _buffer;
    private readonly long? _previousCacheSize;
    private int _pending;

    /// <summary>Prepares the statements (and enlarges the page cache while the write lasts when <paramref name="cacheKiB"/> is given).</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="table">The table.</param>
    /// <param name="columns">Its columns, comma-separated, in the order <paramref name="bind"/> numbers them from 1.</param>
    /// <param name="bind">Binds one row's values.</param>
    /// <param name="batchRows">Rows per statement.</param>
    /// <param name="cacheKiB">A page cache for the length of the write (restored on dispose); null to leave it.</param>
    public SqliteBulkInsert(SqliteConnection connection, string table, string columns, Action<Binder, T> bind, int batchRows = 64, int? cacheKiB = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(columns);
        _connection = connection;
        _bind = bind;
        _width = columns.Split(',').Length;
        _buffer = new T[batchRows];
        if (cacheKiB is { } kib)
        {
            // With the default 2 MiB, index pages that every row touches are spilled to the journal again and again.
            _previousCacheSize = CacheSize();
            Check(raw.sqlite3_exec(connection.Handle, string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{kib}")));
        }

        _batch = Prepare(table, columns, batchRows);
        _single = Prepare(table, columns, 1);
    }

    /// <summary>Rows written so far.</summary>
    public long Written { get; private set; }

    /// <summary>Adds a row; a full batch is written at once.</summary>
    public void Add(T row)
    {
        _buffer[_pending++] = row;
        if (_pending < _buffer.Length)
        {
            return;
        }

        for (var i = 0; i < _buffer.Length; i++)
        {
            _bind(new Binder(_batch, i * _width), _buffer[i]);
        }

        Step(_batch);
        Written += _buffer.Length;
        _pending = 0;
    }

    /// <summary>Writes the rows of an unfinished batch, one statement each.</summary>
    public void Complete()
    {
        for (var i = 0; i < _pending; i++)
        {
            _bind(new Binder(_single, 0), _buffer[i]);
            Step(_single);
            Written++;
        }

        _pending = 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _batch.Dispose();
        _single.Dispose();
        if (_previousCacheSize is { } previous && _connection.State == System.Data.ConnectionState.Open)
        {
            _ = raw.sqlite3_exec(_connection.Handle, string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = {previous}"));
        }
    }

    private long CacheSize()
    {
        Check(raw.sqlite3_prepare_v2(_connection.Handle, "PRAGMA cache_size", out var statement));
        using (statement)
        {
            return raw.sqlite3_step(statement) == raw.SQLITE_ROW ? raw.sqlite3_column_int64(statement, 0) : -2000;
        }
    }

    private sqlite3_stmt Prepare(string table, string columns, int rows)
    {
        var values = string.Join(", ", Enumerable.Repeat("(" + string.Join(", ", Enumerable.Repeat("?", _width)) + ")", rows));
        Check(raw.sqlite3_prepare_v2(_connection.Handle, $"INSERT INTO {table} ({columns}) VALUES {values}", out var statement));
        return statement;
    }

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            Check(rc);
        }
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE))
        {
            throw new SqliteException(raw.sqlite3_errmsg(_connection.Handle).utf8_to_string(), rc);
        }
    }

    /// <summary>Binds the values of one row, its columns numbered from 1.</summary>
    public readonly struct Binder
    {
        private readonly sqlite3_stmt _statement;
        private readonly int _offset;

        internal Binder(sqlite3_stmt statement, int offset) => (_statement, _offset) = (statement, offset);

        /// <summary>Text, or NULL.</summary>
        public void Text(int column, string? value) =>
            _ = value is null ? raw.sqlite3_bind_null(_statement, _offset + column) : raw.sqlite3_bind_text(_statement, _offset + column, value);

        /// <summary>A real, or NULL.</summary>
        public void Real(int column, double? value) =>
            _ = value is { } v ? raw.sqlite3_bind_double(_statement, _offset + column, v) : raw.sqlite3_bind_null(_statement, _offset + column);

        /// <summary>An integer (booleans as 0/1).</summary>
        public void Whole(int column, long value) => _ = raw.sqlite3_bind_int64(_statement, _offset + column, value);
    }
}
