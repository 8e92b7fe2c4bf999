using System.Data.Common;
using System.Globalization;
using FactorTrace.Data.Ledger;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace FactorTrace.Import.Storage;

/// <summary>
/// Bulk writes of activity records on the context's own connection and transaction. SQLite: one prepared, reused
/// INSERT. PostgreSQL: binary COPY into a temporary staging table (COPY straight into a table with row-level security
/// is refused), then one <c>INSERT … SELECT</c> that the tenant policy checks.
/// </summary>
public abstract class RecordWriter : IDisposable
{
    /// <summary>Columns of activity_records, in the order values are written.</summary>
    protected const string Columns = "id, tenant_id, activity_id, description, amount, unit, date, period_start, period_end, accounting_date, site, region, scope, "
        + "category, supplier, spend, currency, instrument_type, instrument_reference, instrument_kg_co2e_per_kwh, notes, import_id, created_at, updated_at, scope1_source";

    /// <summary>Rows written so far.</summary>
    public long Written { get; protected set; }

    /// <summary>A writer for the connection's database.</summary>
    public static RecordWriter Create(DbConnection connection, DbTransaction transaction) =>
        connection is NpgsqlConnection npgsql ? new PostgresRecordWriter(npgsql, (NpgsqlTransaction)transaction) : new SqliteRecordWriter((SqliteConnection)connection);

    /// <summary>
    /// Binary COPY straight into <paramref name="table"/> (a table shaped like activity_records), without staging: for
    /// benchmarks' floor figures and tables without row-level security only.
    /// </summary>
    public static RecordWriter CopyOnly(NpgsqlConnection connection, string table) => new PostgresRecordWriter(connection, table);

    /// <summary>Writes one record.</summary>
    public abstract void Write(ActivityRecord record);

    /// <summary>Finishes the bulk load (still inside the caller's transaction).</summary>
    public abstract void Complete();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the command or importer.</summary>
    protected abstract void Dispose(bool disposing);

    /// <summary>The value or DBNull.</summary>
    protected static object Db(object? value) => value ?? DBNull.Value;

    /// <summary>
    /// SQLite through its C API (SQLitePCLRaw, under Microsoft.Data.Sqlite): parameters bound by position into one
    /// prepared multi-row INSERT. Microsoft.Data.Sqlite looks every parameter up by name on each execution, which costs more
    /// than the insert itself at this volume.
    /// </summary>
    private sealed class SqliteRecordWriter : RecordWriter
    {
        private const int BatchRows = 64;
        private static readonly int Width = Columns.Split(", ").Length;
        private readonly SqliteConnection _connection;
        private readonly sqlite3_stmt _batch;
        private readonly sqlite3_stmt _single;
        private const int BulkCacheKiB = 64 * 1024;
        private readonly ActivityRecord[] _buffer = new ActivityRecord[BatchRows];
        private readonly long _previousCacheSize;
        private int _pending;

        public SqliteRecordWriter(SqliteConnection connection)
        {
            _connection = connection;
            // A bigger page cache while the bulk write lasts: with the default 2 MiB, index pages that every row touches
            // are spilled to the write-ahead log again and again before the commit.
            _previousCacheSize = CacheSize();
            Check(raw.sqlite3_exec(_connection.Handle, string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{BulkCacheKiB}")));
            _batch = Prepare(BatchRows);
            _single = Prepare(1);
        }

        public override void Write(ActivityRecord r)
        {
            _buffer[_pending++] = r;
            if (_pending == BatchRows)
            {
                for (var row = 0; row < BatchRows; row++)
                {
                    Bind(_batch, row * Width, _buffer[row]);
                }

                Step(_batch);
                Written += BatchRows;
                _pending = 0;
            }
        }

        public override void Complete()
        {
            // The rows of an unfinished batch, one statement each.
            for (var row = 0; row < _pending; row++)
            {
                Bind(_single, 0, _buffer[row]);
                Step(_single);
                Written++;
            }

            _pending = 0;
        }

        protected override void Dispose(bool disposing)
        {
            _batch.Dispose();
            _single.Dispose();
            if (_connection.State == System.Data.ConnectionState.Open)
            {
                _ = raw.sqlite3_exec(_connection.Handle, string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = {_previousCacheSize}"));
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

        private sqlite3_stmt Prepare(int rows)
        {
            var values = string.Join(", ", Enumerable.Repeat("(" + string.Join(", ", Enumerable.Repeat("?", Width)) + ")", rows));
            Check(raw.sqlite3_prepare_v2(_connection.Handle, $"INSERT INTO activity_records ({Columns}) VALUES {values}", out var statement));
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

        // EF Core's SQLite mapping: GUIDs as upper-case text, dates as yyyy-MM-dd, times as yyyy-MM-dd HH:mm:ss.FFFFFFF.
        private static void Bind(sqlite3_stmt s, int o, ActivityRecord r)
        {
            Text(s, o + 1, Guid(r.Id));
            Text(s, o + 2, Guid(r.TenantId));
            Text(s, o + 3, r.ActivityId);
            Text(s, o + 4, r.Description);
            Real(s, o + 5, r.Amount);
            Text(s, o + 6, r.Unit);
            Text(s, o + 7, Date(r.Date));
            Text(s, o + 8, Date(r.PeriodStart));
            Text(s, o + 9, Date(r.PeriodEnd));
            Text(s, o + 10, Date(r.AccountingDate));
            Text(s, o + 11, r.Site);
            Text(s, o + 12, r.Region);
            Text(s, o + 13, r.Scope);
            Text(s, o + 14, r.Category);
            Text(s, o + 15, r.Supplier);
            Real(s, o + 16, r.Spend);
            Text(s, o + 17, r.Currency);
            Text(s, o + 18, r.InstrumentType);
            Text(s, o + 19, r.InstrumentReference);
            Real(s, o + 20, r.InstrumentKgCo2ePerKwh);
            Text(s, o + 21, r.Notes);
            Text(s, o + 22, r.ImportId is { } importId ? Guid(importId) : null);
            Text(s, o + 23, r.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
            Text(s, o + 24, r.UpdatedAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
            Text(s, o + 25, r.Scope1Source);
        }

        private static void Text(sqlite3_stmt s, int index, string? value) =>
            _ = value is null ? raw.sqlite3_bind_null(s, index) : raw.sqlite3_bind_text(s, index, value);

        private static void Real(sqlite3_stmt s, int index, double? value) =>
            _ = value is { } v ? raw.sqlite3_bind_double(s, index, v) : raw.sqlite3_bind_null(s, index);

        private static string Guid(Guid id) => id.ToString().ToUpperInvariant();

        private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private sealed class PostgresRecordWriter : RecordWriter
    {
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlTransaction? _transaction;
        private readonly bool _staged;
        private NpgsqlBinaryImporter? _importer;

        public PostgresRecordWriter(NpgsqlConnection connection, NpgsqlTransaction transaction)
        {
            _connection = connection;
            _transaction = transaction;
            _staged = true;
            using (var create = new NpgsqlCommand("CREATE TEMP TABLE import_staging (LIKE activity_records INCLUDING DEFAULTS) ON COMMIT DROP", connection, transaction))
            {
                create.ExecuteNonQuery();
            }

            _importer = connection.BeginBinaryImport($"COPY import_staging ({Columns}) FROM STDIN (FORMAT BINARY)");
        }

        public PostgresRecordWriter(NpgsqlConnection connection, string table)
        {
            _connection = connection;
            _importer = connection.BeginBinaryImport($"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)");
        }

        public override void Write(ActivityRecord r)
        {
            var w = _importer!;
            w.StartRow();
            w.Write(r.Id, NpgsqlDbType.Uuid);
            w.Write(r.TenantId, NpgsqlDbType.Uuid);
            Text(w, r.ActivityId);
            Text(w, r.Description);
            Value(w, r.Amount, NpgsqlDbType.Double);
            Text(w, r.Unit);
            Value(w, r.Date, NpgsqlDbType.Date);
            Value(w, r.PeriodStart, NpgsqlDbType.Date);
            Value(w, r.PeriodEnd, NpgsqlDbType.Date);
            w.Write(r.AccountingDate, NpgsqlDbType.Date);
            Text(w, r.Site);
            Text(w, r.Region);
            Text(w, r.Scope);
            Text(w, r.Category);
            Text(w, r.Supplier);
            Value(w, r.Spend, NpgsqlDbType.Double);
            Text(w, r.Currency);
            Text(w, r.InstrumentType);
            Text(w, r.InstrumentReference);
            Value(w, r.InstrumentKgCo2ePerKwh, NpgsqlDbType.Double);
            Text(w, r.Notes);
            Value(w, r.ImportId, NpgsqlDbType.Uuid);

            w.Write(r.CreatedAt, NpgsqlDbType.TimestampTz);
            w.Write(r.UpdatedAt, NpgsqlDbType.TimestampTz);
            Text(w, r.Scope1Source);
            Written++;
        }

        public override void Complete()
        {
            _importer!.Complete();
            _importer.Dispose();
            _importer = null;
            if (!_staged)
            {
                return;
            }

            using var insert = new NpgsqlCommand($"INSERT INTO activity_records ({Columns}) SELECT {Columns} FROM import_staging", _connection, _transaction)
            {
                CommandTimeout = 0,
            };
            insert.ExecuteNonQuery();
        }

        protected override void Dispose(bool disposing) => _importer?.Dispose();

        private static void Text(NpgsqlBinaryImporter w, string? value)
        {
            if (value is null)
            {
                w.WriteNull();
            }
            else
            {
                w.Write(value, NpgsqlDbType.Text);
            }
        }

        private static void Value<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type)
            where T : struct
        {
            if (value is { } v)
            {
                w.Write(v, type);
            }
            else
            {
                w.WriteNull();
            }
        }
    }
}
