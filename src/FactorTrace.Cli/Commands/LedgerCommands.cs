using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FactorTrace.Broker;
using FactorTrace.Calculation;
using FactorTrace.Data;
using FactorTrace.Data.Audit;
using FactorTrace.Data.Ledger;
using FactorTrace.Data.Tenancy;
using FactorTrace.Grid;
using FactorTrace.Grid.Ledger;
using FactorTrace.Grid.Store;
using FactorTrace.Remote;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace FactorTrace.Cli.Commands;

/// <summary>
/// <c>factortrace calculate</c> and <c>factortrace summary</c>: the ledger endpoints against the local database (the
/// service's SQLite file in its data directory, or <c>FactorTrace__Database__*</c>), over the loaded datasets.
/// </summary>
internal static class LedgerCommands
{
    private static readonly JsonSerializerOptions Json = new(AnswerHasher.CanonicalOptions) { WriteIndented = true };
    private static readonly Option<string> From = new("--from") { Description = "First day (yyyy-mm-dd).", Required = true };
    private static readonly Option<string> To = new("--to") { Description = "Last day (yyyy-mm-dd).", Required = true };
    private static readonly Option<string> Tenant = new("--tenant") { Description = "Tenant slug.", DefaultValueFactory = _ => "default" };
    private static readonly Option<string?> Gwp = new("--gwp") { Description = "GWP set: AR4, AR5 or AR6 (default AR6)." };
    private static readonly Option<string> GroupBy = new("--group-by") { Description = "scope, category, site, month or gas.", DefaultValueFactory = _ => "scope" };
    private static readonly Option<bool> JsonOutput = new("--json") { Description = "Write JSON." };

    private const int FailuresShown = 10;

    public static IEnumerable<Command> Create() => [Calculate(), Summary()];

    private static Command Calculate()
    {
        var command = new Command("calculate", "Calculate the tenant's records of a period into a new result set (earlier runs are kept).") { From, To, Tenant, Gwp, JsonOutput };
        command.SetAction(async (parse, ct) =>
        {
            if (Period(parse) is not var (from, to))
            {
                return 2;
            }

            var gwp = (parse.GetValue(Gwp) ?? "AR6").Trim().ToUpperInvariant();
            await using var db = await OpenAsync(parse, ct).ConfigureAwait(false);
            if (db is null)
            {
                return 2;
            }

            if (await CliContext.LoadBrokerAsync(parse, ct).ConfigureAwait(false) is not var (loaded, broker))
            {
                return ExitCodes.NoDatasets;
            }

            // The tenant's cascade as the service applies it: its own factors, then its source order and allowed sources.
            // Remote sources are the service's (they need its cache and licence guard); the CLI resolves over the loaded datasets.
            var book = new PrivateFactorBook((await db.PrivateFactors.AsNoTracking().ToListAsync(ct).ConfigureAwait(false)).Select(f => f.ToDefinition()));
            var settings = await db.TenantSettings.AsNoTracking().FirstOrDefaultAsync(ct).ConfigureAwait(false);
            var cascade = new TenantCascade(TenantSourceRules.Parse(settings?.SourcePriority, settings?.AllowedSources), book);
            // Hourly grid profiles as the service loads them, from the same store (the tenant's setting decides).
            var grid = new GridStore(new SystemDbFactory(Microsoft.Extensions.Options.Options.Create(LocalDatabase())), TimeProvider.System);
            var reference = new GridReference(() => loaded.Store);
            var hourly = await LedgerHourlyProfile.ForRunAsync(db, grid, reference.Zones, from, to, ct).ConfigureAwait(false);
            var workloads = new LedgerWorkloads(new Grid.Workloads.WorkloadPricing(grid, reference));
            var engine = TenantResolution.Engine(null, broker, cascade, new ResolveScope(db.CurrentTenantId!.Value.ToString("N"), Bulk: true),
                loaded.Rates is { } rates ? new SpendConverter(rates) : null, gwp, hourly);
            var started = TimeProvider.System.GetTimestamp();
            var actor = $"cli:{Environment.UserName}";
            var run = await new CalculationRunner(db, TimeProvider.System).RunAsync(
                RunRequest.For(broker, db.CurrentTenantId!.Value, from, to, actor, gwp), engine,
                answer => JsonSerializer.Serialize(answer, AnswerHasher.CanonicalOptions), ct,
                r => AuditEvent.Create(TimeProvider.System, r.TenantId, actor, "calculation.run", "calculation", r.Id.ToString(), null, AuditDetails.Calculation(r)),
                (e, token) => workloads.RowsAsync(db, e, from, to, token)).ConfigureAwait(false);
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            // A run with failed records is done in part: say which and why, and exit with a code that says so.
            var exit = run.Failed > 0 ? ExitCodes.Incomplete : ExitCodes.Ok;
            if (parse.GetValue(JsonOutput))
            {
                Console.WriteLine(JsonSerializer.Serialize(run, Json));
                return exit;
            }

            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"run [bold]{run.Id}[/] {run.From:yyyy-MM-dd}..{run.To:yyyy-MM-dd}: {run.Records} records, {run.Failed} failed, {elapsed.TotalSeconds:0.0} s"));
            if (run.Failed > 0)
            {
                var failures = await db.EmissionResults.AsNoTracking().Where(r => r.RunId == run.Id && r.Status == ResultStatuses.Error)
                    .OrderBy(r => r.AccountingDate).ThenBy(r => r.RecordId).Take(FailuresShown)
                    .Select(r => new { r.RecordId, r.AccountingDate, r.ErrorCode, r.Note }).ToListAsync(ct).ConfigureAwait(false);
                foreach (var failure in failures.DistinctBy(f => f.RecordId))
                {
                    AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                        $"  failed: record {failure.RecordId} ({failure.AccountingDate:yyyy-MM-dd}): {failure.ErrorCode}: {failure.Note}")));
                }

                AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"  all {run.Failed} failed records: GET /api/v1/emissions/records?run={run.Id}&status=error")));
            }

            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"total {run.KgCo2eLocation:N1} kg CO2e (Scope 2 location-based), {run.KgCo2eMarket:N1} kg CO2e (market-based)"));
            if (run.SupersedesRunId is { } previous)
            {
                AnsiConsole.MarkupLine($"supersedes run {previous} (kept)");
            }

            return exit;
        });
        return command;
    }

    private static Command Summary()
    {
        var command = new Command("summary", "Totals of the latest run covering a period, grouped, for both Scope 2 methods, with uncertainty.") { From, To, Tenant, GroupBy, JsonOutput };
        command.SetAction(async (parse, ct) =>
        {
            if (Period(parse) is not var (from, to))
            {
                return 2;
            }

            var groupBy = parse.GetValue(GroupBy)!;
            if (!EmissionQueries.Groupings.Contains(groupBy))
            {
                Console.Error.WriteLine($"error: --group-by must be one of {string.Join(", ", EmissionQueries.Groupings)}");
                return 2;
            }

            await using var db = await OpenAsync(parse, ct).ConfigureAwait(false);
            if (db is null)
            {
                return 2;
            }

            var queries = new EmissionQueries(db);
            if (await queries.LatestCoveringAsync(from, to, ct).ConfigureAwait(false) is not { } run)
            {
                Console.Error.WriteLine($"error: no completed calculation covers {from:yyyy-MM-dd}..{to:yyyy-MM-dd}; run `factortrace calculate --from {from:yyyy-MM-dd} --to {to:yyyy-MM-dd}` first");
                return 1;
            }

            var summary = await queries.SummarizeAsync(run, from, to, groupBy, 10_000, 42, ct).ConfigureAwait(false);
            if (parse.GetValue(JsonOutput))
            {
                Console.WriteLine(JsonSerializer.Serialize(summary, Json));
                return 0;
            }

            var table = new Table().AddColumns(groupBy, "kg CO2e (location-based)", "kg CO2e (market-based)");
            foreach (var group in summary.Groups)
            {
                table.AddRow(Markup.Escape(group.Key), group.LocationKgCo2e.ToString("N1", CultureInfo.InvariantCulture), group.MarketKgCo2e.ToString("N1", CultureInfo.InvariantCulture));
            }

            table.AddRow("[bold]total[/]", summary.Location.KgCo2e.ToString("N1", CultureInfo.InvariantCulture), summary.Market.KgCo2e.ToString("N1", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            var u = summary.Location.MonteCarlo;
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run.Id}; {summary.Records} records, {summary.Failed} failed; location-based 95 % interval {u.Low95:N1} to {u.High95:N1} (Monte Carlo, {u.Iterations} iterations, seed {u.Seed}); biogenic CO2 outside the scopes {summary.BiogenicCo2Kg:N1} kg"));
            return 0;
        });
        return command;
    }

    private static (DateOnly From, DateOnly To)? Period(ParseResult parse)
    {
        if (!DateOnly.TryParseExact(parse.GetValue(From), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !DateOnly.TryParseExact(parse.GetValue(To), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) || to < from)
        {
            Console.Error.WriteLine("error: --from and --to must be dates as yyyy-mm-dd, --to not before --from");
            return null;
        }

        return (from, to);
    }

    /// <summary>The tenant's context on the local database (migrated first), or null with the reason written.</summary>
    private static Task<FactorTraceDb?> OpenAsync(ParseResult parse, CancellationToken ct) => OpenAsync(parse.GetValue(Tenant)!, ct);

    /// <summary>The local database (migrated), scoped to the tenant with <paramref name="slug"/>; null (after saying why) when there is no such tenant.</summary>
    internal static async Task<FactorTraceDb?> OpenAsync(string slug, CancellationToken ct)
    {
        var options = LocalDatabase();
        await using (var owner = DatabaseSetup.CreateContext(options, owner: true, new TenantScope()))
        {
            await owner.Database.MigrateAsync(ct).ConfigureAwait(false);
            var tenant = await owner.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Slug == slug, ct).ConfigureAwait(false);
            if (tenant is null)
            {
                Console.Error.WriteLine($"error: no tenant '{slug}' in the database; start the service once (it creates 'default') or pass --tenant");
                return null;
            }

            var scope = new TenantScope();
            scope.Set(tenant.Id);
            return DatabaseSetup.CreateContext(options, owner: false, scope);
        }
    }

    /// <summary>The database the service would use with the same settings (SQLite in the data directory by default).</summary>
    internal static DatabaseOptions LocalDatabase()
    {
        var options = new DatabaseOptions
        {
            Provider = CliContext.Configuration[$"{DatabaseOptions.SectionName}:Provider"] ?? DatabaseProviders.Sqlite,
            ConnectionString = CliContext.Configuration[$"{DatabaseOptions.SectionName}:ConnectionString"],
            OwnerConnectionString = CliContext.Configuration[$"{DatabaseOptions.SectionName}:OwnerConnectionString"],
        };
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            PrivateFiles.RestrictNewFiles();
            var directory = CliContext.DataDirectory();
            PrivateFiles.EnsureDirectory(directory);
            options.ConnectionString = DataDirectory.SqliteConnectionString(directory);
        }

        return options;
    }
}
