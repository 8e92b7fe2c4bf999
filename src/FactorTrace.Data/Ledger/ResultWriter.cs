using System.Data.Common;
using FactorTrace.Calculation;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace FactorTrace.Data.Ledger;

/// <summary>
/// Bulk writes of result rows on the context's own connection and transaction (so PostgreSQL row-level security applies):
/// a prepared 64-row INSERT through SQLite's C API; on PostgreSQL one INSERT … SELECT FROM unnest(arrays) per 10,000 rows (COPY FROM
/// is refused on tables with row-level security).
/// </summary>
public static class ResultWriter
{
    private const int PostgresBatch = 10_000;
    private const int SqliteBatch = 64;

    private const string Columns = "run_id, record_id, method, tenant_id, accounting_date, scope, category, site, quantity, unit, kg_co2e, co2_kg_co2e, ch4_kg_co2e, "
        + "n2o_kg_co2e, other_kg_co2e, factor_no, sigma_ln, quality_score, tier, is_primary, status, error_code, note, scope1_source, biogenic_co2_kg";

    /// <summary>Writes <paramref name="rows"/> as results of <paramref name="runId"/>.</summary>
    public static Task WriteAsync(DbConnection connection, DbTransaction? transaction, Guid runId, Guid tenantId, IReadOnlyList<ResultRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(rows);
        return connection is NpgsqlConnection npgsql
            ? WritePostgresAsync(npgsql, (NpgsqlTransaction?)transaction, runId, tenantId, rows, cancellationToken)
            : WriteSqliteAsync(connection, runId, tenantId, rows, cancellationToken);
    }

    // SQLite's C API (SQLitePCLRaw, under Microsoft.Data.Sqlite), parameters bound by position into a prepared 64-row
    // INSERT: Microsoft.Data.Sqlite looks every parameter up by name on each execution, which costs more than the insert.
    private static Task WriteSqliteAsync(DbConnection connection, Guid runId, Guid tenantId, IReadOnlyList<ResultRow> rows, CancellationToken cancellationToken)
    {
        var handle = ((SqliteConnection)connection).Handle!;
        var width = Columns.Split(", ").Length;
        var batch = Prepare(handle, width, SqliteBatch);
        var single = Prepare(handle, width, 1);
        try
        {
            // EF Core's SQLite mapping: GUIDs as upper-case text, dates as yyyy-MM-dd text, booleans as 0/1.
            var run = runId.ToString().ToUpperInvariant();
            var tenant = tenantId.ToString().ToUpperInvariant();
            var full = rows.Count - (rows.Count % SqliteBatch);
            for (var i = 0; i < rows.Count; i++)
            {
                if (i % 4096 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var inBatch = i < full;
                var statement = inBatch ? batch : single;
                Bind(statement, inBatch ? (i % SqliteBatch) * width : 0, run, tenant, rows[i]);
                if (!inBatch || i % SqliteBatch == SqliteBatch - 1)
                {
                    Step(handle, statement);
                }
            }
        }
        finally
        {
            batch.Dispose();
            single.Dispose();
        }

        return Task.CompletedTask;
    }

    private static sqlite3_stmt Prepare(sqlite3 handle, int width, int rows)
    {
        var values = string.Join(", ", Enumerable.Repeat("(" + string.Join(", ", Enumerable.Repeat("?", width)) + ")", rows));
        Check(handle, raw.sqlite3_prepare_v2(handle, $"INSERT INTO emission_results ({Columns}) VALUES {values}", out var statement));
        return statement;
    }

    private static void Step(sqlite3 handle, sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            Check(handle, rc);
        }
    }

    private static void Check(sqlite3 handle, int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE))
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), rc);
        }
    }

    private static void Bind(sqlite3_stmt s, int o, string run, string tenant, ResultRow row)
    {
        Text(s, o + 1, run);
        Text(s, o + 2, row.RecordId.ToString().ToUpperInvariant());
        Text(s, o + 3, row.Method);
        Text(s, o + 4, tenant);
        Text(s, o + 5, row.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Text(s, o + 6, row.Scope);
        Text(s, o + 7, row.Category);
        Text(s, o + 8, row.Site);
        _ = raw.sqlite3_bind_double(s, o + 9, row.Quantity);
        Text(s, o + 10, row.Unit);
        _ = raw.sqlite3_bind_double(s, o + 11, row.KgCo2e);
        _ = raw.sqlite3_bind_double(s, o + 12, row.Gases.Co2);
        _ = raw.sqlite3_bind_double(s, o + 13, row.Gases.Ch4);
        _ = raw.sqlite3_bind_double(s, o + 14, row.Gases.N2o);
        _ = raw.sqlite3_bind_double(s, o + 15, row.Gases.Other);
        _ = raw.sqlite3_bind_int64(s, o + 16, row.FactorNo);
        _ = raw.sqlite3_bind_double(s, o + 17, row.SigmaLn);
        _ = raw.sqlite3_bind_int64(s, o + 18, row.QualityScore);
        _ = raw.sqlite3_bind_int64(s, o + 19, row.Tier);
        _ = raw.sqlite3_bind_int64(s, o + 20, row.Primary ? 1 : 0);
        Text(s, o + 21, row.Status);
        Text(s, o + 22, row.Code);
        Text(s, o + 23, row.Note);
        Text(s, o + 24, row.Scope1Source);
        _ = raw.sqlite3_bind_double(s, o + 25, row.BiogenicCo2);
    }

    private static void Text(sqlite3_stmt s, int index, string? value) =>
        _ = value is null ? raw.sqlite3_bind_null(s, index) : raw.sqlite3_bind_text(s, index, value);

    private static async Task WritePostgresAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid runId, Guid tenantId, IReadOnlyList<ResultRow> rows, CancellationToken cancellationToken)
    {
        for (var start = 0; start < rows.Count; start += PostgresBatch)
        {
            var count = Math.Min(PostgresBatch, rows.Count - start);
            var recordId = new Guid[count];
            var method = new string[count];
            var date = new DateOnly[count];
            var scope = new string[count];
            var category = new string?[count];
            var site = new string?[count];
            var quantity = new double[count];
            var unit = new string?[count];
            var kg = new double[count];
            var co2 = new double[count];
            var ch4 = new double[count];
            var n2o = new double[count];
            var other = new double[count];
            var factorNo = new int[count];
            var sigma = new double[count];
            var quality = new int[count];
            var tier = new int[count];
            var primary = new bool[count];
            var status = new string[count];
            var code = new string?[count];
            var note = new string?[count];
            var scope1Source = new string?[count];
            var biogenic = new double[count];
            for (var i = 0; i < count; i++)
            {
                var row = rows[start + i];
                recordId[i] = row.RecordId;
                method[i] = row.Method;
                date[i] = row.Date;
                scope[i] = row.Scope;
                category[i] = row.Category;
                site[i] = row.Site;
                quantity[i] = row.Quantity;
                unit[i] = row.Unit;
                kg[i] = row.KgCo2e;
                co2[i] = row.Gases.Co2;
                ch4[i] = row.Gases.Ch4;
                n2o[i] = row.Gases.N2o;
                other[i] = row.Gases.Other;
                factorNo[i] = row.FactorNo;
                sigma[i] = row.SigmaLn;
                quality[i] = row.QualityScore;
                tier[i] = row.Tier;
                primary[i] = row.Primary;
                status[i] = row.Status;
                code[i] = row.Code;
                note[i] = row.Note;
                scope1Source[i] = row.Scope1Source;
                biogenic[i] = row.BiogenicCo2;
            }

            var command = new NpgsqlCommand(
                $"INSERT INTO emission_results ({Columns}) SELECT @run, u.record_id, u.method, @tenant, u.accounting_date, u.scope, u.category, u.site, u.quantity, u.unit, "
                + "u.kg_co2e, u.co2, u.ch4, u.n2o, u.other, u.factor_no, u.sigma_ln, u.quality_score, u.tier, u.is_primary, u.status, u.error_code, u.note, u.scope1_source, u.biogenic FROM "
                + "unnest(@record_id, @method, @date, @scope, @category, @site, @quantity, @unit, @kg, @co2, @ch4, @n2o, @other, @factor_no, @sigma, @quality, @tier, @primary, @status, @code, @note, @scope1_source, @biogenic) "
                + "AS u(record_id, method, accounting_date, scope, category, site, quantity, unit, kg_co2e, co2, ch4, n2o, other, factor_no, sigma_ln, quality_score, tier, is_primary, status, error_code, note, scope1_source, biogenic)",
                connection,
                transaction);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new NpgsqlParameter("run", NpgsqlDbType.Uuid) { Value = runId });
                command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Uuid) { Value = tenantId });
                command.Parameters.Add(new NpgsqlParameter("record_id", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = recordId });
                command.Parameters.Add(new NpgsqlParameter("method", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = method });
                command.Parameters.Add(new NpgsqlParameter("date", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = date });
                command.Parameters.Add(new NpgsqlParameter("scope", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = scope });
                command.Parameters.Add(new NpgsqlParameter("category", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = category });
                command.Parameters.Add(new NpgsqlParameter("site", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = site });
                command.Parameters.Add(new NpgsqlParameter("quantity", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = quantity });
                command.Parameters.Add(new NpgsqlParameter("unit", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = unit });
                command.Parameters.Add(new NpgsqlParameter("kg", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = kg });
                command.Parameters.Add(new NpgsqlParameter("co2", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = co2 });
                command.Parameters.Add(new NpgsqlParameter("ch4", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = ch4 });
                command.Parameters.Add(new NpgsqlParameter("n2o", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = n2o });
                command.Parameters.Add(new NpgsqlParameter("other", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = other });
                command.Parameters.Add(new NpgsqlParameter("factor_no", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = factorNo });
                command.Parameters.Add(new NpgsqlParameter("sigma", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = sigma });
                command.Parameters.Add(new NpgsqlParameter("quality", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = quality });
                command.Parameters.Add(new NpgsqlParameter("tier", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = tier });
                command.Parameters.Add(new NpgsqlParameter("primary", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = primary });
                command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = status });
                command.Parameters.Add(new NpgsqlParameter("code", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = code });
                command.Parameters.Add(new NpgsqlParameter("note", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = note });
                command.Parameters.Add(new NpgsqlParameter("scope1_source", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = scope1Source });
                command.Parameters.Add(new NpgsqlParameter("biogenic", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = biogenic });
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
