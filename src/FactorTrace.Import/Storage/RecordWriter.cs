using System.Data.Common;
using System.Globalization;
using FactorTrace.Data.Ledger;
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
        + "category, supplier, spend, currency, instrument_type, instrument_reference, instrument_kg_co2e_per_kwh, notes, import_id, created_at, updated_at, scope1_source";

    /// <summary>Rows written so far.</summary>
    public long Written { get; protected set; }

    /// <summary>A writer for the connection's database.</summary>
    public static RecordWriter Create(DbConnection connection, DbTransaction transaction) =>
        connection is NpgsqlConnection npgsql ? new PostgresRecordWriter(npgsql, (NpgsqlTransaction)transaction) : new SqliteRecordWriter(connection, transaction);

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

    private sealed class SqliteRecordWriter : RecordWriter
    {
        private readonly DbCommand _command;
        private readonly DbParameter[] _p;

        public SqliteRecordWriter(DbConnection connection, DbTransaction transaction)
        {
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            var names = Columns.Split(", ");
            _command.CommandText = $"INSERT INTO activity_records ({Columns}) VALUES ({string.Join(", ", names.Select((_, i) => "$p" + i))})";
            _p = new DbParameter[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                _p[i] = _command.CreateParameter();
                _p[i].ParameterName = "$p" + i;
                _command.Parameters.Add(_p[i]);
            }

            _command.Prepare();
        }

        // EF Core's SQLite mapping: GUIDs as upper-case text, dates as yyyy-MM-dd, times as yyyy-MM-dd HH:mm:ss.FFFFFFF.
        public override void Write(ActivityRecord r)
        {
            _p[0].Value = Guid(r.Id);
            _p[1].Value = Guid(r.TenantId);
            _p[2].Value = Db(r.ActivityId);
            _p[3].Value = Db(r.Description);
            _p[4].Value = Db(r.Amount);
            _p[5].Value = Db(r.Unit);
            _p[6].Value = Db(Date(r.Date));
            _p[7].Value = Db(Date(r.PeriodStart));
            _p[8].Value = Db(Date(r.PeriodEnd));
            _p[9].Value = Date(r.AccountingDate)!;
            _p[10].Value = Db(r.Site);
            _p[11].Value = Db(r.Region);
            _p[12].Value = Db(r.Scope);
            _p[13].Value = Db(r.Category);
            _p[14].Value = Db(r.Supplier);
            _p[15].Value = Db(r.Spend);
            _p[16].Value = Db(r.Currency);
            _p[17].Value = Db(r.InstrumentType);
            _p[18].Value = Db(r.InstrumentReference);
            _p[19].Value = Db(r.InstrumentKgCo2ePerKwh);
            _p[20].Value = Db(r.Notes);
            _p[21].Value = r.ImportId is { } importId ? Guid(importId) : DBNull.Value;
            _p[22].Value = r.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            _p[23].Value = r.UpdatedAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            _p[24].Value = Db(r.Scope1Source);
            _command.ExecuteNonQuery();
            Written++;
        }

        public override void Complete()
        {
        }

        protected override void Dispose(bool disposing) => _command.Dispose();

        private static string Guid(Guid id) => id.ToString().ToUpperInvariant();

        private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private sealed class PostgresRecordWriter : RecordWriter
    {
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlTransaction _transaction;
        private NpgsqlBinaryImporter? _importer;

        public PostgresRecordWriter(NpgsqlConnection connection, NpgsqlTransaction transaction)
        {
            _connection = connection;
            _transaction = transaction;
            using (var create = new NpgsqlCommand("CREATE TEMP TABLE import_staging (LIKE activity_records INCLUDING DEFAULTS) ON COMMIT DROP", connection, transaction))
            {
                create.ExecuteNonQuery();
            }

            _importer = connection.BeginBinaryImport($"COPY import_staging ({Columns}) FROM STDIN (FORMAT BINARY)");
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
