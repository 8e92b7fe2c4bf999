using System.Data.Common;
using FactorTrace.Calculation;
using FactorTrace.Data.Bulk;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace FactorTrace.Data.Ledger;

/// <summary>
/// Bulk writes of result rows on the context's own connection and transaction (so PostgreSQL row-level security applies):
/// a prepared 64-row INSERT through SQLite's C API; on PostgreSQL one INSERT … SELECT FROM unnest(arrays) per 10,000 rows (COPY FROM
/// is refused on tables with row-level security).
/// </summary>
public static class ResultWriter
{
    private const int PostgresBatch = 10_000;

    private const string Columns = "run_id, record_id, method, tenant_id, accounting_date, scope, category, site, quantity, unit, kg_co2e, co2_kg_co2e, ch4_kg_co2e, "
        + "n2o_kg_co2e, other_kg_co2e, factor_no, sigma_ln, quality_score, tier, is_primary, status, error_code, note, scope1_source, biogenic_co2_kg, share, basis";

    /// <summary>Writes <paramref name="rows"/> as results of <paramref name="runId"/>.</summary>
    public static Task WriteAsync(DbConnection connection, DbTransaction? transaction, Guid runId, Guid tenantId, IReadOnlyList<ResultRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(rows);
        return connection is NpgsqlConnection npgsql
            ? WritePostgresAsync(npgsql, (NpgsqlTransaction?)transaction, runId, tenantId, rows, cancellationToken)
            : WriteSqliteAsync(connection, runId, tenantId, rows, cancellationToken);
    }

    private static Task WriteSqliteAsync(DbConnection connection, Guid runId, Guid tenantId, IReadOnlyList<ResultRow> rows, CancellationToken cancellationToken)
    {
        // EF Core's SQLite mapping: GUIDs as upper-case text, dates as yyyy-MM-dd text, booleans as 0/1.
        var run = runId.ToString().ToUpperInvariant();
        var tenant = tenantId.ToString().ToUpperInvariant();
        using var insert = new SqliteBulkInsert<ResultRow>((SqliteConnection)connection, "emission_results", Columns, (b, row) =>
        {
            b.Text(1, run);
            b.Text(2, row.RecordId.ToString().ToUpperInvariant());
            b.Text(3, row.Method);
            b.Text(4, tenant);
            b.Text(5, row.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            b.Text(6, row.Scope);
            b.Text(7, row.Category);
            b.Text(8, row.Site);
            b.Real(9, row.Quantity);
            b.Text(10, row.Unit);
            b.Real(11, row.KgCo2e);
            b.Real(12, row.Gases.Co2);
            b.Real(13, row.Gases.Ch4);
            b.Real(14, row.Gases.N2o);
            b.Real(15, row.Gases.Other);
            b.Whole(16, row.FactorNo);
            b.Real(17, row.SigmaLn);
            b.Whole(18, row.QualityScore);
            b.Whole(19, row.Tier);
            b.Whole(20, row.Primary ? 1 : 0);
            b.Text(21, row.Status);
            b.Text(22, row.Code);
            b.Text(23, row.Note);
            b.Text(24, row.Scope1Source);
            b.Real(25, row.BiogenicCo2);
            b.Real(26, row.Share);
            b.Text(27, row.Basis);
        });
        for (var i = 0; i < rows.Count; i++)
        {
            if (i % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            insert.Add(rows[i]);
        }

        insert.Complete();
        return Task.CompletedTask;
    }

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
            var share = new double[count];
            var basis = new string?[count];
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
                share[i] = row.Share;
                basis[i] = row.Basis;
            }

            var command = new NpgsqlCommand(
                $"INSERT INTO emission_results ({Columns}) SELECT @run, u.record_id, u.method, @tenant, u.accounting_date, u.scope, u.category, u.site, u.quantity, u.unit, "
                + "u.kg_co2e, u.co2, u.ch4, u.n2o, u.other, u.factor_no, u.sigma_ln, u.quality_score, u.tier, u.is_primary, u.status, u.error_code, u.note, u.scope1_source, u.biogenic, u.share, u.basis FROM "
                + "unnest(@record_id, @method, @date, @scope, @category, @site, @quantity, @unit, @kg, @co2, @ch4, @n2o, @other, @factor_no, @sigma, @quality, @tier, @primary, @status, @code, @note, @scope1_source, @biogenic, @share, @basis) "
                + "AS u(record_id, method, accounting_date, scope, category, site, quantity, unit, kg_co2e, co2, ch4, n2o, other, factor_no, sigma_ln, quality_score, tier, is_primary, status, error_code, note, scope1_source, biogenic, share, basis)",
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
                command.Parameters.Add(new NpgsqlParameter("share", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = share });
                command.Parameters.Add(new NpgsqlParameter("basis", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = basis });
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
