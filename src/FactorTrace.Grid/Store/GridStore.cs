using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using FactorTrace.Data;
using FactorTrace.Grid.Model;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Grid.Store;

/// <summary>
/// The hourly store (shared reference data, on the owner connection). Writes are idempotent upserts with one statement
/// that SQLite and PostgreSQL both speak (<c>INSERT … ON CONFLICT … DO UPDATE … WHERE</c>): a value of lower quality
/// never overwrites a higher one, and forecasts replaced by real values are counted. Reads of up to
/// <see cref="GridReadCache.MaxDays"/> days are served from recently read days (<see cref="GridReadCache"/>).
/// </summary>
public sealed class GridStore(SystemDbFactory databases, TimeProvider time, GridMetrics? metrics = null)
{
    private const long SecondsPerDay = 86_400;
    private readonly GridReadCache _cache = new(time);
    private const int RowsPerStatement = 500;
    private const string OnConflict = "ON CONFLICT (zone, signal, start_unix) DO UPDATE SET direct = excluded.direct, lifecycle = excluded.lifecycle, source = excluded.source, "
        + "quality = excluded.quality, quality_rank = excluded.quality_rank, estimation_method = excluded.estimation_method, "
        + "mix = COALESCE(excluded.mix, grid_points.mix), origin = excluded.origin, fetched_at_unix = excluded.fetched_at_unix "
        + "WHERE excluded.quality_rank >= grid_points.quality_rank";

    private static readonly string[] Names = ["@z", "@s", "@t", "@d", "@l", "@o", "@q", "@r", "@e", "@m", "@g", "@f"];

    private const string Columns = "zone, signal, start_unix, direct, lifecycle, source, quality, quality_rank, estimation_method, mix, origin, fetched_at_unix";

    /// <summary>Stores points (any zones and signals), in one transaction.</summary>
    /// <param name="points">Hour-aligned points.</param>
    /// <param name="origin">A <see cref="GridOrigins"/> value.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<UpsertCounts> UpsertAsync(IReadOnlyList<GridPoint> points, string origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return UpsertCounts.None;
        }

        var rows = Deduplicate(points);
        var db = databases.Create();
        await using (db.ConfigureAwait(false))
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var counts = UpsertCounts.None;
                var sqlite = db.Database.IsSqlite();
                foreach (var group in rows.GroupBy(p => (p.Zone, p.Signal)))
                {
                    var batch = group.OrderBy(p => p.Start).ToList();
                    var existing = await ExistingAsync(connection, transaction, group.Key.Zone, group.Key.Signal, batch[0].Start.ToUnixTimeSeconds(), batch[^1].Start.ToUnixTimeSeconds(), cancellationToken).ConfigureAwait(false);
                    counts = counts.Add(Classify(batch, existing, out var changed));
                    if (sqlite)
                    {
                        // SQLite finds a named parameter by a linear scan, so one prepared single-row statement, re-bound per row, is fastest.
                        await WriteOneByOneAsync(connection, transaction, changed, origin, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    for (var i = 0; i < changed.Count; i += RowsPerStatement)
                    {
                        await WriteAsync(connection, transaction, changed.GetRange(i, Math.Min(RowsPerStatement, changed.Count - i)), origin, cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                _cache.Invalidate(rows.Select(p => (p.Zone, p.Signal, DayOf(p.Start.ToUnixTimeSeconds()))).Distinct());
                metrics?.Written(origin, counts.Written, counts.Replaced);
                return counts;
            }
        }
    }

    /// <summary>Stored points of a zone and signal with start in <c>[from, to)</c>, by start.</summary>
    public async Task<IReadOnlyList<GridPoint>> ReadAsync(string zone, string signal, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        long fromUnix = from.ToUnixTimeSeconds(), toUnix = to.ToUnixTimeSeconds();
        long firstDay = DayOf(fromUnix), endDay = DayOf(toUnix - 1) + SecondsPerDay;
        if (toUnix <= fromUnix || (endDay - firstDay) / SecondsPerDay > GridReadCache.MaxDays)
        {
            return await QueryAsync(zone, signal, fromUnix, toUnix, cancellationToken).ConfigureAwait(false);
        }

        var days = new GridPoint[(int)((endDay - firstDay) / SecondsPerDay)][];
        var complete = true;
        for (var i = 0; i < days.Length; i++)
        {
            complete &= _cache.TryGet(zone, signal, firstDay + (i * SecondsPerDay), out days[i]);
        }

        if (!complete)
        {
            var generation = _cache.Generation;
            var read = await QueryAsync(zone, signal, firstDay, endDay, cancellationToken).ConfigureAwait(false);
            var byDay = read.ToLookup(p => DayOf(p.Start.ToUnixTimeSeconds()));
            for (var i = 0; i < days.Length; i++)
            {
                var day = firstDay + (i * SecondsPerDay);
                days[i] = [.. byDay[day]];
                _cache.Add(generation, zone, signal, day, days[i]);
            }
        }

        var points = new List<GridPoint>();
        foreach (var day in days)
        {
            points.AddRange(day.Where(p => p.Start.ToUnixTimeSeconds() >= fromUnix && p.Start.ToUnixTimeSeconds() < toUnix));
        }

        return points;
    }

    private static long DayOf(long unix) => unix - (((unix % SecondsPerDay) + SecondsPerDay) % SecondsPerDay);

    private async Task<List<GridPoint>> QueryAsync(string zone, string signal, long from, long to, CancellationToken cancellationToken)
    {
        var db = databases.Create();
        await using (db.ConfigureAwait(false))
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT start_unix, direct, lifecycle, source, quality, estimation_method, fetched_at_unix FROM grid_points "
                + "WHERE zone = @zone AND signal = @signal AND start_unix >= @from AND start_unix < @to ORDER BY start_unix";
            Add(command, "@zone", zone);
            Add(command, "@signal", signal);
            Add(command, "@from", from);
            Add(command, "@to", to);
            var points = new List<GridPoint>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    points.Add(new GridPoint(
                        zone,
                        DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(0)),
                        reader.IsDBNull(1) ? null : reader.GetDouble(1),
                        reader.IsDBNull(2) ? null : reader.GetDouble(2),
                        signal,
                        reader.GetString(3),
                        reader.GetString(4))
                    {
                        EstimationMethod = reader.IsDBNull(5) ? null : reader.GetString(5),
                        FetchedAt = DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(6)),
                    });
                }
            }

            return points;
        }
    }

    /// <summary>The latest stored hour of a zone at or before an instant that is not a forecast.</summary>
    public async Task<GridPoint?> LatestAsync(string zone, string signal, DateTimeOffset atOrBefore, CancellationToken cancellationToken)
    {
        var db = databases.Create();
        await using (db.ConfigureAwait(false))
        {
            var row = await db.GridPoints.AsNoTracking()
                .Where(p => p.Zone == zone && p.Signal == signal && p.StartUnix <= atOrBefore.ToUnixTimeSeconds() && p.QualityRank > 0)
                .OrderByDescending(p => p.StartUnix)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            return row is null ? null : new GridPoint(row.Zone, DateTimeOffset.FromUnixTimeSeconds(row.StartUnix), row.Direct, row.Lifecycle, row.Signal, row.Source, row.Quality)
            {
                EstimationMethod = row.EstimationMethod,
                FetchedAt = DateTimeOffset.FromUnixTimeSeconds(row.FetchedAtUnix),
            };
        }
    }

    /// <summary>Zones with stored points, with their first and last hour and count.</summary>
    public async Task<IReadOnlyList<StoredZone>> ZonesAsync(CancellationToken cancellationToken)
    {
        var db = databases.Create();
        await using (db.ConfigureAwait(false))
        {
            var rows = await db.GridPoints.AsNoTracking()
                .GroupBy(p => new { p.Zone, p.Signal })
                .Select(g => new { g.Key.Zone, g.Key.Signal, First = g.Min(p => p.StartUnix), Last = g.Max(p => p.StartUnix), Hours = g.Count() })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return [.. rows.OrderBy(r => r.Zone, StringComparer.Ordinal).ThenBy(r => r.Signal, StringComparer.Ordinal)
                .Select(r => new StoredZone(r.Zone, r.Signal, DateTimeOffset.FromUnixTimeSeconds(r.First), DateTimeOffset.FromUnixTimeSeconds(r.Last), r.Hours))];
        }
    }

    private static List<GridPoint> Deduplicate(IReadOnlyList<GridPoint> points)
    {
        // One row per (zone, signal, hour): the best quality wins, and the last of equals (a later answer).
        var best = new Dictionary<(string, string, long), GridPoint>();
        foreach (var p in points)
        {
            var start = GridUnits.HourOf(p.Start);
            if (start != p.Start)
            {
                throw new ArgumentException($"Point {p.Zone} {p.Start:O} is not hour-aligned.", nameof(points));
            }

            var key = (p.Zone, p.Signal, start.ToUnixTimeSeconds());
            if (!best.TryGetValue(key, out var known) || GridQualities.Rank(p.Quality) >= GridQualities.Rank(known.Quality))
            {
                best[key] = p;
            }
        }

        return [.. best.Values];
    }

    private static UpsertCounts Classify(List<GridPoint> batch, Dictionary<long, (int Rank, double? Direct, double? Lifecycle, string Source)> existing, out List<GridPoint> changed)
    {
        int inserted = 0, updated = 0, replaced = 0, unchanged = 0, kept = 0;
        changed = new List<GridPoint>(batch.Count);
        foreach (var p in batch)
        {
            var rank = GridQualities.Rank(p.Quality);
            if (!existing.TryGetValue(p.Start.ToUnixTimeSeconds(), out var old))
            {
                inserted++;
                changed.Add(p);
            }
            else if (rank < old.Rank)
            {
                kept++;
            }
            else if (rank == old.Rank && old.Direct == p.Direct && old.Lifecycle == p.Lifecycle && old.Source == p.Source)
            {
                unchanged++;
            }
            else
            {
                updated++;
                changed.Add(p);
                if (old.Rank == 0 && rank > 0)
                {
                    replaced++;
                }
            }
        }

        return new UpsertCounts(inserted, updated, replaced, unchanged, kept);
    }

    private static async Task<Dictionary<long, (int Rank, double? Direct, double? Lifecycle, string Source)>> ExistingAsync(
        DbConnection connection, DbTransaction transaction, string zone, string signal, long from, long to, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT start_unix, quality_rank, direct, lifecycle, source FROM grid_points WHERE zone = @zone AND signal = @signal AND start_unix >= @from AND start_unix <= @to";
        Add(command, "@zone", zone);
        Add(command, "@signal", signal);
        Add(command, "@from", from);
        Add(command, "@to", to);
        var existing = new Dictionary<long, (int, double?, double?, string)>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                existing[reader.GetInt64(0)] = (reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.GetString(4));
            }
        }

        return existing;
    }

    private async Task WriteOneByOneAsync(DbConnection connection, DbTransaction transaction, List<GridPoint> rows, string origin, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO grid_points ({Columns}) VALUES (@z,@s,@t,@d,@l,@o,@q,@r,@e,@m,@g,@f) {OnConflict}";
        var parameters = Names.Select(n =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = n;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var p in rows)
        {
            var values = Values(p, origin, now);
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i];
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static object[] Values(GridPoint p, string origin, long now) =>
    [
        p.Zone, p.Signal, p.Start.ToUnixTimeSeconds(), (object?)p.Direct ?? DBNull.Value, (object?)p.Lifecycle ?? DBNull.Value, p.Source, p.Quality,
        GridQualities.Rank(p.Quality), (object?)p.EstimationMethod ?? DBNull.Value, p.Mix is null ? DBNull.Value : JsonSerializer.Serialize(p.Mix), origin,
        p.FetchedAt == default ? now : p.FetchedAt.ToUnixTimeSeconds(),
    ];

    private async Task WriteAsync(DbConnection connection, DbTransaction transaction, List<GridPoint> batch, string origin, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new System.Text.StringBuilder($"INSERT INTO grid_points ({Columns}) VALUES ");
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        for (var i = 0; i < batch.Count; i++)
        {
            sql.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"(@z{i},@s{i},@t{i},@d{i},@l{i},@o{i},@q{i},@r{i},@e{i},@m{i},@g{i},@f{i})");
            var values = Values(batch[i], origin, now);
            for (var c = 0; c < values.Length; c++)
            {
                Add(command, $"{Names[c]}{i}", values[c]);
            }
        }

        sql.Append(' ').Append(OnConflict);
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Add<T>(DbCommand command, string name, T value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value is null ? DBNull.Value : value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>A zone and signal with stored hours.</summary>
public sealed record StoredZone(string Zone, string Signal, DateTimeOffset First, DateTimeOffset Last, int Hours);
