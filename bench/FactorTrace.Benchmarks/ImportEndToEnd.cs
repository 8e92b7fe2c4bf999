using System.Diagnostics;
using System.Globalization;
using System.Text;
using FactorTrace.Data;
using FactorTrace.Data.Ledger;
using FactorTrace.Data.Tenancy;
using FactorTrace.Import;
using FactorTrace.Import.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace FactorTrace.Benchmarks;

/// <summary>
/// Importing a generated messy CSV end to end in a fresh process (copy into storage, detect, map, validate, commit in one
/// transaction) against a raw bulk insert of the committed rows by the same writer in the same run (issue 7 target:
/// ≥ 0.4×), with the child's peak resident memory (VmHWM).
/// Usage: <c>FactorTrace.Benchmarks import-e2e sqlite|postgres [rows] [--no-raw]</c> (postgres: FACTORTRACE_TEST_POSTGRES).
/// </summary>
internal static class ImportEndToEnd
{
    public static async Task<int> RunAsync(string provider, int count, bool raw)
    {
        var folder = Directory.CreateTempSubdirectory("import-bench-").FullName;
        var file = Path.Combine(folder, "messy.csv");
        var generating = Stopwatch.StartNew();
        Generate(file, count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider}: generated {count:N0} rows ({new FileInfo(file).Length / 1048576.0:0.0} MiB) in {generating.Elapsed.TotalSeconds:0.0} s"));

        var options = await BenchDatabase.CreateAsync(provider, "import").ConfigureAwait(false);
        var tenantId = Guid.CreateVersion7();
        await using (var owner = DatabaseSetup.CreateContext(options, owner: true, new TenantScope()))
        {
            await owner.Database.MigrateAsync().ConfigureAwait(false);
            owner.Tenants.Add(new Tenant { Id = tenantId, Slug = "bench", Name = "Bench", CreatedAt = TimeProvider.System.GetUtcNow().UtcDateTime });
            await owner.SaveChangesAsync().ConfigureAwait(false);
        }

        // The import runs in a fresh process, as the CLI would.
        var child = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(ImportEndToEnd).Assembly.Location, "import-child", options.Provider, options.ConnectionString!, tenantId.ToString(), file, folder })
        {
            child.ArgumentList.Add(arg);
        }

        using var process = Process.Start(child)!;
        var report = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine(report);
            return 1;
        }

        var fields = report.Trim().Split(' ');
        var seconds = double.Parse(fields[0], CultureInfo.InvariantCulture);
        var stored = long.Parse(fields[1], CultureInfo.InvariantCulture);
        var peakMiB = double.Parse(fields[2], CultureInfo.InvariantCulture);
        var importRate = stored / seconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider}: import of {count:N0} rows end to end in a fresh process {seconds:0.00} s, {stored:N0} records stored ({importRate:N0} rows/s), peak memory {peakMiB:0} MiB"));
        if (!raw)
        {
            Directory.Delete(folder, recursive: true);
            BenchDatabase.Drop(options);
            return 0;
        }

        var scope = new TenantScope();
        scope.Set(tenantId);
        List<ActivityRecord> records;
        await using (var db = DatabaseSetup.CreateContext(options, owner: false, scope))
        {
            records = await db.ActivityRecords.AsNoTracking().ToListAsync().ConfigureAwait(false);
        }

        var importId = Guid.CreateVersion7();
        foreach (var r in records)
        {
            r.Id = Guid.CreateVersion7();
            r.ImportId = importId;
        }

        var insert = Stopwatch.StartNew();
        await using (var db = DatabaseSetup.CreateContext(options, owner: false, scope))
        {
            using var transaction = await db.Database.BeginTransactionAsync().ConfigureAwait(false);
            using (var writer = RecordWriter.Create(db.Database.GetDbConnection(), transaction.GetDbTransaction()))
            {
                foreach (var r in records)
                {
                    writer.Write(r);
                }

                writer.Complete();
            }

            await transaction.CommitAsync().ConfigureAwait(false);
        }

        insert.Stop();
        var rawRate = records.Count / insert.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider}: raw bulk insert of the same {records.Count:N0} records {insert.Elapsed.TotalSeconds:0.00} s ({rawRate:N0} rows/s); ratio {importRate / rawRate:0.00}×"));
        if (options.IsPostgres)
        {
            // The floor: binary COPY of the same rows into an unlogged table without indexes, keys or policies.
            var copy = await CopyIntoUnloggedAsync(options, records).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider}: binary COPY of the same records into an unlogged table without indexes {copy.TotalSeconds:0.00} s ({records.Count / copy.TotalSeconds:N0} rows/s); ratio {importRate / (records.Count / copy.TotalSeconds):0.00}×"));
        }

        Directory.Delete(folder, recursive: true);
        BenchDatabase.Drop(options);
        return 0;
    }

    private static async Task<TimeSpan> CopyIntoUnloggedAsync(DatabaseOptions options, List<ActivityRecord> records)
    {
        await using var connection = new Npgsql.NpgsqlConnection(options.EffectiveOwnerConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using (var create = new Npgsql.NpgsqlCommand("CREATE UNLOGGED TABLE copy_floor (LIKE activity_records INCLUDING DEFAULTS)", connection))
        {
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var watch = Stopwatch.StartNew();
        await using (var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false))
        {
            using (var writer = RecordWriter.CopyOnly(connection, "copy_floor"))
            {
                foreach (var r in records)
                {
                    writer.Write(r);
                }

                writer.Complete();
            }

            await transaction.CommitAsync().ConfigureAwait(false);
        }

        return watch.Elapsed;
    }

    /// <summary>The import in this (fresh) process; prints "seconds stored peak-MiB".</summary>
    public static async Task<int> ChildAsync(string provider, string connectionString, Guid tenantId, string file, string folder)
    {
        var started = Stopwatch.StartNew();
        var options = new DatabaseOptions { Provider = provider, ConnectionString = connectionString };
        var scope = new TenantScope();
        scope.Set(tenantId);
        await using var db = DatabaseSetup.CreateContext(options, owner: false, scope);
        var imports = new ImportService(Options.Create(new ImportOptions { StorageDirectory = Path.Combine(folder, "storage"), MaxFileBytes = 4L << 30 }), new ImportProgress(), TimeProvider.System);
        StagedFile staged;
        await using (var stream = File.OpenRead(file))
        {
            staged = await imports.ReceiveAsync(stream, CancellationToken.None).ConfigureAwait(false);
        }

        var received = started.Elapsed;
        // As `factortrace import --commit` does it: validation folded into the commit pass.
        var result = await imports.CreateAsync(db, tenantId, "bench", "messy.csv", staged, null, CancellationToken.None, validate: false).ConfigureAwait(false);
        var created = started.Elapsed;
        var committed = await imports.CommitAsync(db, result.Import, allowDuplicate: false, strict: false, CancellationToken.None).ConfigureAwait(false);
        started.Stop();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"phases: receive {received.TotalSeconds:0.00} s, analyze {(created - received).TotalSeconds:0.00} s, commit {(started.Elapsed - created).TotalSeconds:0.00} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{started.Elapsed.TotalSeconds:0.000} {committed.Stored} {PeakMiB():0.0}"));
        return 0;
    }

    /// <summary>A messy export: a title row, semicolons, EU decimals with thousands groups, quoted text with delimiters and quotes, three unit aliases, 1 % invalid rows.</summary>
    private static void Generate(string path, int count)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(true), 1 << 16);
        writer.Write("Energy and fuel export FY2024;;;;;;\r\n;;;;;;\r\n");
        writer.Write("Datum;Activity;Menge;Einheit;Standort;Lieferant;Bemerkung\r\n");
        var units = new[] { "litres", "L", "ltr" };
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            var invalid = i % 100 == 57;
            var day = 1 + (i % 28);
            var month = 1 + ((i / 28) % 12);
            var amount = random.Next(1, 2_000_000) / 100.0;
            var text = amount.ToString("#,##0.00", CultureInfo.GetCultureInfo("de-DE"));
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{day:00}.{month:00}.2024;fuel.diesel;{(invalid ? "n/a" : text)};{units[i % 3]};\"Werk {i % 40}; Halle \"\"{i % 3}\"\"\";Lieferant {i % 97};Zeile {i}\r\n"));
        }
    }

    private static double PeakMiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return double.NaN;
    }
}
