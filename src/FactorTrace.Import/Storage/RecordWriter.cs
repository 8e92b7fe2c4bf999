using System.Data.Common;
using System.Globalization;
using FactorTrace.Data.Bulk;
using FactorTrace.Data.Ledger;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

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
        + "category, supplier, spend, currency, instrument_type, instrument_reference, instrument_kg_co2e_per_kwh, notes, import_id, created_at, updated_at, scope1_source, classified_by";

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

    /// <summary>SQLite: 64-row statements through <see cref="SqliteBulkInsert{T}"/>, with a 64 MiB page cache while writing.</summary>
    private sealed class SqliteRecordWriter(SqliteConnection connection) : RecordWriter
    {
        private readonly SqliteBulkInsert<ActivityRecord> _insert = new(connection, "activity_records", Columns, Bind, cacheKiB: 64 * 1024);

        public override void Write(ActivityRecord r)
        {
            _insert.Add(r);
            Written = _insert.Written;
        }

        public override void Complete()
        {
            _insert.Complete();
            Written = _insert.Written;
        }

        protected override void Dispose(bool disposing) => _insert.Dispose();

        // EF Core's SQLite mapping: GUIDs as upper-case text, dates as yyyy-MM-dd, times as yyyy-MM-dd HH:mm:ss.FFFFFFF.
        private static void Bind(SqliteBulkInsert<ActivityRecord>.Binder b, ActivityRecord r)
        {
            b.Text(1, Guid(r.Id));
            b.Text(2, Guid(r.TenantId));
            b.Text(3, r.ActivityId);
            b.Text(4, r.Description);
            b.Real(5, r.Amount);
            b.Text(6, r.Unit);
            b.Text(7, Date(r.Date));
            b.Text(8, Date(r.PeriodStart));
            b.Text(9, Date(r.PeriodEnd));
            b.Text(10, Date(r.AccountingDate));
            b.Text(11, r.Site);
            b.Text(12, r.Region);
            b.Text(13, r.Scope);
            b.Text(14, r.Category);
            b.Text(15, r.Supplier);
            b.Real(16, r.Spend);
            b.Text(17, r.Currency);
            b.Text(18, r.InstrumentType);
            b.Text(19, r.InstrumentReference);
            b.Real(20, r.InstrumentKgCo2ePerKwh);
            b.Text(21, r.Notes);
            b.Text(22, r.ImportId is { } importId ? Guid(importId) : null);
            b.Text(23, r.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
            b.Text(24, r.UpdatedAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
            b.Text(25, r.Scope1Source);
            b.Text(26, r.ClassifiedBy);
        }

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
            Text(w, r.ClassifiedBy);
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
