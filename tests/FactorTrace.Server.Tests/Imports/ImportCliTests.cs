using System.Diagnostics;
using System.Globalization;

using System.Text;


namespace FactorTrace.Server.Tests.Imports;

/// <summary>
/// The CLI in its own process. Crash drill: 20 imports through it, each killed with SIGKILL at a random point (while validating, while writing
/// rows, while finishing the transaction, or not at all). Afterwards every import is either fully present (all its valid
/// rows) or fully absent, and no record belongs to an import that did not commit.
/// </summary>
public abstract class ImportCliTests(ServiceInstance service, IReadOnlyDictionary<string, string> database)
{
    private const int Imports = 20;
    private const int RowsPerFile = 30_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Commit_KilledAtRandomPoints_EachImportFullyPresentOrFullyAbsent()
    {
        var random = new Random(20261123);
        var folder = Directory.CreateTempSubdirectory("factortrace-crash-").FullName;
        var killed = 0;
        for (var n = 0; n < Imports; n++)
        {
            var path = Path.Combine(folder, $"import-{n}.csv");
            await System.IO.File.WriteAllTextAsync(path, CsvFile(n), Ct);
            // Kill after 0–7 progress lines (0: during upload and validation), then up to 150 ms more; some run to the end.
            var linesBeforeKill = random.Next(0, 10);
            var extraDelay = random.Next(0, 150);
            killed += await RunCliAsync(path, linesBeforeKill >= 8 ? null : linesBeforeKill, extraDelay) ? 1 : 0;
        }

        var token = await service.TokenAsync();
        using var client = service.Client(token);
        var list = await ImportClient.OkAsync(client, HttpMethod.Get, "/api/v1/imports?limit=1000");
        long committedRecords = 0;
        var committedImports = 0;
        foreach (var import in list.GetProperty("items").EnumerateArray())
        {
            var id = import.GetProperty("id").GetString();
            var page = await ImportClient.OkAsync(client, HttpMethod.Get, $"/api/v1/activities?import_id={id}&limit=1");
            var stored = page.GetProperty("total").GetInt64();
            if (import.GetProperty("status").GetString() == "committed")
            {
                committedImports++;
                committedRecords += stored;
                Assert.Equal(RowsPerFile - (RowsPerFile / 100), stored);
                Assert.Equal(stored, import.GetProperty("committed").GetInt64());
            }
            else
            {
                Assert.Equal(0, stored);
            }
        }

        var all = await ImportClient.OkAsync(client, HttpMethod.Get, "/api/v1/activities?limit=1");
        Assert.Equal(committedRecords, all.GetProperty("total").GetInt64());
        Assert.True(killed >= 10, $"only {killed} of {Imports} runs were killed");
        Assert.True(committedImports >= 1, "no import ran to the end");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Cli_Json_IssuesInTheApisShape_CountsAndExitCode()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("factortrace-cli-").FullName, "messy.csv");
        await System.IO.File.WriteAllTextAsync(path, ImportTests.MessyCsv, Ct);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { CliPath(), "import", path, "--json", "--datasets", TestEnvironment.DatasetsPath })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["FactorTrace__DataDirectory"] = service.DataDirectory;
        foreach (var (key, value) in database)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 3, $"exit {process.ExitCode} (3 = invalid rows, not committed): {await stderr}");
        var json = System.Text.Json.JsonDocument.Parse(await stdout).RootElement;
        Assert.Equal(7, json.GetProperty("summary").GetProperty("rows").GetInt64());
        Assert.Equal(2, json.GetProperty("summary").GetProperty("invalid").GetInt64());
        var nan = json.GetProperty("issues").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "not_a_number");
        Assert.Equal(
            ["row", "column", "value", "code", "severity", "message", "suggestion"],
            nan.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal((9L, "Quantity", "error"), (nan.GetProperty("row").GetInt64(), nan.GetProperty("column").GetString(), nan.GetProperty("severity").GetString()));
        Assert.All(json.GetProperty("issues").EnumerateArray(), i => Assert.Equal(7, i.EnumerateObject().Count()));
    }

    [Fact]
    public async Task Cli_CommitAtOnce_CountsAndIssuesFromTheCommitPass_RefusedCommitKeepsTheCounts()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("factortrace-cli-").FullName, "messy.csv");
        await System.IO.File.WriteAllTextAsync(path, ImportTests.MessyCsv, Ct);
        // A tenant of its own: the other tests count every import of the default tenant.
        var slug = "cli-once-" + Guid.NewGuid().ToString("N")[..8];
        var (_, token) = await service.CreateTenantAsync(slug);
        using var client = service.Client(token);

        // One pass validates and stores: the summary, the issues and the stored import all come from it.
        var (exit, stdout, stderr) = await RunAsync(path, "--tenant", slug, "--commit", "--json", "--accept-mapping", "--allow-duplicate");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        var json = System.Text.Json.JsonDocument.Parse(stdout).RootElement;
        Assert.Equal((7L, 5L, 2L), (json.GetProperty("summary").GetProperty("rows").GetInt64(), json.GetProperty("summary").GetProperty("valid").GetInt64(),
            json.GetProperty("summary").GetProperty("invalid").GetInt64()));
        Assert.Equal(5, json.GetProperty("committed").GetProperty("stored").GetInt64());
        Assert.Contains(json.GetProperty("issues").EnumerateArray(), i => i.GetProperty("code").GetString() == "not_a_number");
        var stored = await ImportClient.OkAsync(client, HttpMethod.Get, $"/api/v1/imports/{json.GetProperty("id").GetString()}");
        // The CLI's commit is audited like the API's, in the same transaction as the records.
        var audit = await ImportClient.OkAsync(client, HttpMethod.Get, "/api/v1/audit-events?limit=100");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "import.commit"
            && e.GetProperty("resource_id").GetString() == json.GetProperty("id").GetString() && e.GetProperty("actor").GetString()!.StartsWith("cli:", StringComparison.Ordinal));
        var counts = stored.GetProperty("summary");
        Assert.Equal((7L, 5L, 2L, 5L), (counts.GetProperty("rows").GetInt64(), counts.GetProperty("valid").GetInt64(), counts.GetProperty("invalid").GetInt64(),
            stored.GetProperty("committed").GetInt64()));

        // Refused by --strict during the commit pass: nothing stored, and the import still shows what the file holds.
        var (strictExit, strictOut, strictErr) = await RunAsync(path, "--tenant", slug, "--commit", "--strict", "--json", "--accept-mapping", "--allow-duplicate");
        Assert.True(strictExit != 0, $"a strict commit of a file with invalid rows succeeded: {strictOut} {strictErr}");
        Assert.Contains("import_has_errors", strictOut + strictErr, StringComparison.Ordinal);
        var list = await ImportClient.OkAsync(client, HttpMethod.Get, "/api/v1/imports?limit=1000");
        var refused = list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("status").GetString() == "validated")
            .Single(i => i.GetProperty("id").GetString() != json.GetProperty("id").GetString() && i.GetProperty("file_name").GetString() == "messy.csv");
        var refusedCounts = (await ImportClient.OkAsync(client, HttpMethod.Get, $"/api/v1/imports/{refused.GetProperty("id").GetString()}")).GetProperty("summary");
        Assert.Equal((7L, 2L), (refusedCounts.GetProperty("rows").GetInt64(), refusedCounts.GetProperty("invalid").GetInt64()));
    }

    [Fact]
    public async Task Cli_CommitWithAQuestionOpen_RefusedNamingIt_UntilAccepted()
    {
        // US or UK therms: nothing in the file says which, so every row waits for one answer about the column.
        var path = Path.Combine(Directory.CreateTempSubdirectory("factortrace-cli-").FullName, "gas.csv");
        await System.IO.File.WriteAllTextAsync(path, "date,type,therms\n1/15/2024,Natural gas,112\n2/14/2024,Natural gas,98.5\n3/15/2024,Natural gas,80\n", Ct);
        var slug = "cli-q-" + Guid.NewGuid().ToString("N")[..8];
        var (_, token) = await service.CreateTenantAsync(slug);
        using var client = service.Client(token);

        var (exit, stdout, stderr) = await RunAsync(path, "--tenant", slug, "--commit");
        Assert.True(exit == 3, $"exit {exit}: {stdout} {stderr}");
        Assert.Contains("therms", stderr, StringComparison.Ordinal);
        Assert.Contains("3 rows wait for the answer", stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was committed", stderr, StringComparison.Ordinal);
        var none = await ImportClient.OkAsync(client, HttpMethod.Get, "/api/v1/activities?limit=1");
        Assert.Equal(0, none.GetProperty("total").GetInt64());

        var (accepted, acceptedOut, acceptedErr) = await RunAsync(path, "--tenant", slug, "--commit", "--accept-mapping", "--allow-duplicate");
        Assert.True(accepted == 0, $"exit {accepted}: {acceptedOut} {acceptedErr}");
    }

    [Fact]
    public async Task Cli_ImportSettingsFromTheEnvironment_AppliedAndValidated()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("factortrace-cli-").FullName, "messy.csv");
        await System.IO.File.WriteAllTextAsync(path, ImportTests.MessyCsv + new string(' ', 2000), Ct);

        // The service's setting FactorTrace:Imports:MaxFileBytes holds for the CLI too.
        var (exit, stdout, stderr) = await RunAsync(path, new Dictionary<string, string> { ["FactorTrace__Imports__MaxFileBytes"] = "1500" }, "--json");
        Assert.True(exit != 0, $"a file above the configured limit was imported: {stdout}");
        Assert.Contains("file_too_large", stdout + stderr, StringComparison.Ordinal);

        var (invalid, _, invalidErr) = await RunAsync(path, new Dictionary<string, string> { ["FactorTrace__Imports__PreviewRows"] = "0" });
        Assert.Equal(2, invalid);
        Assert.Contains("PreviewRows", invalidErr, StringComparison.Ordinal);
    }

    private Task<(int Exit, string Stdout, string Stderr)> RunAsync(string path, params string[] options) => RunAsync(path, new Dictionary<string, string>(), options);

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string path, Dictionary<string, string> environment, params string[] options)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { CliPath(), "import", path, "--datasets", TestEnvironment.DatasetsPath }.Concat(options))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["FactorTrace__DataDirectory"] = service.DataDirectory;
        foreach (var (key, value) in database.Concat(environment))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the CLI; kills it after <paramref name="linesBeforeKill"/> progress lines (null: let it finish). True when killed.</summary>
    private async Task<bool> RunCliAsync(string path, int? linesBeforeKill, int extraDelayMs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { CliPath(), "import", path, "--commit", "--json", "--allow-duplicate", "--datasets", TestEnvironment.DatasetsPath })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["FactorTrace__DataDirectory"] = service.DataDirectory;
        foreach (var (key, value) in database)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        if (linesBeforeKill is not { } lines)
        {
            var errors = await process.StandardError.ReadToEndAsync(Ct);
            await process.WaitForExitAsync(Ct);
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {errors} {await output}");
            return false;
        }

        for (var i = 0; i < lines && await process.StandardError.ReadLineAsync(Ct) is not null; i++)
        {
        }

        await Task.Delay(extraDelayMs, Ct);
        var killed = !process.HasExited;
        if (killed)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(Ct);
        return killed;
    }

    /// <summary>Rows with activity ids (no dataset loading), EU decimals, 1 % invalid units; each file different.</summary>
    private static string CsvFile(int n)
    {
        var text = new StringBuilder("Date;Activity;Amount;Unit;Site;Notes\n");
        for (var i = 0; i < RowsPerFile; i++)
        {
            var unit = i % 100 == 99 ? "bogus" : (i % 3) switch { 0 => "litres", 1 => "L", _ => "l" };
            text.Append(CultureInfo.InvariantCulture, $"{1 + (i % 28):00}/03/2024;fuel.diesel;{i % 1000},{n:00};{unit};Site {i % 7};file {n} row {i}\n");
        }

        return text.ToString();
    }

    private static string CliPath()
    {
        var testBin = AppContext.BaseDirectory; // tests/FactorTrace.Server.Tests/bin/<Configuration>/net10.0/
        var configuration = new DirectoryInfo(testBin.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var cli = Path.GetFullPath(Path.Combine(testBin, "..", "..", "..", "..", "..", "src", "FactorTrace.Cli", "bin", configuration, "net10.0", "FactorTrace.Cli.dll"));
        Assert.True(System.IO.File.Exists(cli), $"CLI not built at {cli}");
        return cli;
    }
}

/// <summary>On the embedded default (the CLI and the service share the SQLite file).</summary>
public sealed class SqliteImportCliTests(SqliteServiceFixture fixture)
    : ImportCliTests(fixture.Service, new Dictionary<string, string>()), IClassFixture<SqliteServiceFixture>;

/// <summary>On PostgreSQL as the application role under row-level security.</summary>
public sealed class PostgresImportCliTests(PostgresRlsOnlyFixture fixture)
    : ImportCliTests(fixture.Service, fixture.Database.ServiceSettings(tenantFilters: false)), IClassFixture<PostgresRlsOnlyFixture>;
