using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FactorTrace.Data;
using FactorTrace.Data.Tenancy;
using FactorTrace.Datasets;
using FactorTrace.Grid;
using FactorTrace.Grid.Ingestion;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Query;
using FactorTrace.Grid.Windows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FactorTrace.Cli.Commands;

/// <summary>
/// <c>factortrace grid …</c> on the local database, through the library the service uses: <c>ingest</c> (the shipped
/// hourly history by pinned hash, or the providers for <c>--zones</c>), <c>zones</c>, <c>intensity</c>. Exit 0, 1 when
/// something could not be ingested, 2 bad input (an unknown zone among it).
/// </summary>
internal static class GridCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Write the answer as JSON." };

    /// <summary>The <c>grid</c> command.</summary>
    public static Command Create()
    {
        var command = new Command("grid", "Hourly grid carbon intensity: ingest history or provider data, list zones, query a zone.");
        command.Subcommands.Add(Ingest());
        command.Subcommands.Add(Zones());
        command.Subcommands.Add(Intensity());
        command.Subcommands.Add(Window());
        return command;
    }

    private static Command Ingest()
    {
        var zones = new Option<string?>("--zones") { Description = "Zones to fetch from the configured providers (comma-separated); without it, the shipped history is ingested." };
        var forecast = new Option<bool>("--forecast") { Description = "With --zones: fetch forecasts instead of the past day." };
        var force = new Option<bool>("--force") { Description = "Ingest history files again even if ingested before." };
        var command = new Command("ingest", "Store the shipped hourly history (checked against its pinned SHA-256) or provider data.") { zones, forecast, force, Json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await BuildAsync(parse, loadDatasets: false, ct).ConfigureAwait(false);
            if (parse.GetValue(zones) is { } list)
            {
                var ids = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var ingestion = services.GetRequiredService<ProviderIngestion>();
                var outcome = parse.GetValue(forecast)
                    ? await ingestion.IngestForecastAsync(ids, ct).ConfigureAwait(false)
                    : await ingestion.IngestHistoryAsync(ids, ct).ConfigureAwait(false);
                Write(parse, outcome, () =>
                {
                    Console.WriteLine($"{outcome.Counts.Written} points stored ({outcome.Counts.Replaced} forecasts replaced, {outcome.Counts.Kept} kept) for {outcome.Zones - outcome.Failures.Count} of {outcome.Zones} zones");
                    foreach (var failure in outcome.Failures)
                    {
                        Console.Error.WriteLine($"error: {failure}");
                    }
                });
                return outcome.Failures.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
            }

            var results = await services.GetRequiredService<DatasetHistoryIngestor>().IngestAsync(parse.GetValue(force), ct).ConfigureAwait(false);
            Write(parse, results, () =>
            {
                foreach (var r in results)
                {
                    Console.WriteLine(r.Status switch
                    {
                        HistoryFileStatus.Ingested => $"{r.Path}: {r.Counts.Written} hours stored in {r.ElapsedMs:0} ms",
                        HistoryFileStatus.AlreadyIngested => $"{r.Path}: already ingested (same SHA-256)",
                        _ => $"{r.Path}: refused: {r.Error}",
                    });
                }
            });
            return results.Any(r => r.Status == HistoryFileStatus.Refused) ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }

    private static Command Zones()
    {
        var command = new Command("zones", "List the zones (shipped zone file and the yearly dataset) and the cloud regions mapped to them.") { Json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await BuildAsync(parse, loadDatasets: true, ct).ConfigureAwait(false);
            var catalogue = services.GetRequiredService<GridReference>().Zones;
            Write(parse, new { zones = catalogue.Zones, cloud_regions = catalogue.CloudRegions }, () =>
            {
                foreach (var z in catalogue.Zones)
                {
                    var clouds = catalogue.CloudRegions.Where(c => c.Zone == z.Id).Select(c => $"{c.Provider}:{c.Region}").ToList();
                    Console.WriteLine($"{z.Id,-16} {z.Country,-3} {z.Name}{(clouds.Count > 0 ? "  [" + string.Join(", ", clouds) + "]" : "")}");
                }
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Intensity()
    {
        var zone = new Option<string>("--zone") { Description = "Zone id (DE) or cloud region (aws:eu-central-1).", Required = true };
        var from = new Option<string>("--from") { Description = "Start, ISO 8601 with an offset (2023-06-01T00:00:00Z).", Required = true };
        var to = new Option<string>("--to") { Description = "End, exclusive, ISO 8601 with an offset.", Required = true };
        var signal = new Option<string>("--signal") { Description = "average (default) or marginal.", DefaultValueFactory = _ => GridSignals.Average };
        var command = new Command("intensity", "Hourly intensity of a zone over [from, to) from the local store.") { zone, from, to, signal, Json };
        command.SetAction(async (parse, ct) =>
        {
            if (!WindowInstant.TryParse(parse.GetValue(from), "--from", out var start, out var problem)
                || !WindowInstant.TryParse(parse.GetValue(to), "--to", out var end, out problem))
            {
                Console.Error.WriteLine($"error: {problem!.Message}");
                return ExitCodes.BadInput;
            }

            if (end <= start || GridSignals.Parse(parse.GetValue(signal)) is not { } wanted)
            {
                Console.Error.WriteLine("error: --to must be after --from, and --signal average or marginal");
                return ExitCodes.BadInput;
            }

            await using var services = await BuildAsync(parse, loadDatasets: false, ct).ConfigureAwait(false);
            var catalogue = services.GetRequiredService<GridReference>().Zones;
            if (!catalogue.TryResolve(parse.GetValue(zone), out var found, out _))
            {
                var suggestions = catalogue.Suggest(parse.GetValue(zone));
                Console.Error.WriteLine($"error: '{parse.GetValue(zone)}' is not a known zone{(suggestions.Count > 0 ? $"; did you mean {string.Join(", ", suggestions)}?" : "")}");
                return ExitCodes.BadInput;
            }

            var answer = await services.GetRequiredService<GridIntensityQuery>().GetAsync(found.Id, wanted, start, end, ct).ConfigureAwait(false);
            Write(parse, GridJson.Intensity(answer), () =>
            {
                Console.WriteLine($"{answer.Zone} {GridInstants.Format(answer.From)} – {GridInstants.Format(answer.To)} ({answer.Signal}, {GridUnits.GramsPerKwh}): {answer.HoursExpected - answer.MissingHours.Count} of {answer.HoursExpected} hours");
                foreach (var (name, s) in new[] { ("direct", answer.Direct), ("lifecycle", answer.Lifecycle) })
                {
                    if (s is not null)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-9} mean {s.Mean:0.##}  min {s.Min:0.##} at {GridInstants.Format(s.MinStart)}  max {s.Max:0.##} at {GridInstants.Format(s.MaxStart)}"));
                    }
                }

                if (answer.MissingHours.Count > 0)
                {
                    Console.WriteLine($"  missing: {string.Join(", ", answer.MissingHours.Take(10).Select(GridInstants.Format))}{(answer.MissingHours.Count > 10 ? ", …" : "")}");
                }
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Window()
    {
        var zones = new Option<string>("--zones") { Description = "Zones or cloud regions, comma-separated (DE,FR); the first is the baseline.", Required = true };
        var from = new Option<string>("--from") { Description = "Earliest start, ISO 8601 with an offset.", Required = true };
        var to = new Option<string>("--to") { Description = "Latest end (exclusive), ISO 8601 with an offset.", Required = true };
        var duration = new Option<int>("--duration-minutes") { Description = "Length of the job in minutes.", Required = true };
        var step = new Option<int>("--step-minutes") { Description = "Minutes between candidate starts.", DefaultValueFactory = _ => 60 };
        var basis = new Option<string>("--signal") { Description = "direct (default) or lifecycle.", DefaultValueFactory = _ => IntensityBases.Direct };
        var energy = NumberOptions.OptionalDouble("--energy-kwh", "Energy of the job, for the saving in kg CO2e (decimal point).");
        var command = new Command("window", "The cleanest window of a given length across zones, from the local store.") { zones, from, to, duration, step, basis, energy, Json };
        command.SetAction(async (parse, ct) =>
        {
            if (!WindowInstant.TryParse(parse.GetValue(from), "--from", out var start, out var problem)
                || !WindowInstant.TryParse(parse.GetValue(to), "--to", out var end, out problem))
            {
                Console.Error.WriteLine($"error: {problem!.Message}");
                return ExitCodes.BadInput;
            }

            var signal = parse.GetValue(basis)!.Trim().ToLowerInvariant();
            if (signal is not (IntensityBases.Direct or IntensityBases.Lifecycle))
            {
                Console.Error.WriteLine("error: --signal must be direct or lifecycle");
                return ExitCodes.BadInput;
            }

            await using var services = await BuildAsync(parse, loadDatasets: false, ct).ConfigureAwait(false);
            var request = new WindowRequest
            {
                Zones = parse.GetValue(zones)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                From = start,
                To = end,
                Duration = TimeSpan.FromMinutes(parse.GetValue(duration)),
                Step = TimeSpan.FromMinutes(parse.GetValue(step)),
                EnergyKwh = parse.GetValue(energy),
            };
            var result = await services.GetRequiredService<GridWindowService>().FindAsync(
                request, signal, services.GetRequiredService<IOptions<GridOptions>>().Value.Windows, ct).ConfigureAwait(false);
            if (result.Errors.Count > 0)
            {
                foreach (var e in result.Errors)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                }

                return ExitCodes.BadInput;
            }

            var a = result.Answer!;
            Write(parse, WindowJson.Answer(a, result.Sources, signal), () =>
            {
                Console.WriteLine(a.Best is { } b
                    ? string.Create(CultureInfo.InvariantCulture, $"best: {b.Zone} {GridInstants.Format(b.Start)} – {GridInstants.Format(b.End)}, mean {b.Mean:0.##} {GridUnits.GramsPerKwh}")
                    : "best: none (every window touches a missing hour)");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"baseline: {a.Baseline.Zone} from {GridInstants.Format(a.Baseline.Start)}, mean {(a.Baseline.Mean is { } m ? m.ToString("0.##", CultureInfo.InvariantCulture) : a.Baseline.Reason)}"));
                if (a.SavingPct is { } pct)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"saving: {pct:0.#} %{(a.SavingKg is { } kg ? $", {kg:0.###} kg CO2e" : "")}"));
                }

                foreach (var z in a.Zones.Where(z => z.MissingHours.Count > 0))
                {
                    Console.WriteLine($"{z.Zone}: {z.MissingHours.Count} missing hours; {z.WindowsExcluded} windows touching them left out");
                }
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<ServiceProvider> BuildAsync(ParseResult parse, bool loadDatasets, CancellationToken ct)
    {
        var database = LedgerCommands.LocalDatabase();
        await using (var owner = DatabaseSetup.CreateContext(database, owner: true, new TenantScope()))
        {
            await owner.Database.MigrateAsync(ct).ConfigureAwait(false);
        }

        var factors = loadDatasets ? (await CliContext.LoadBrokerAsync(parse, ct).ConfigureAwait(false))?.Loaded.Store : null;
        var services = new ServiceCollection();
        services.AddFactorTraceDatasets(o => o.Path = CliContext.ResolveDatasetsPath(parse.GetValue(CliContext.DatasetsOption)?.FullName));
        services.AddSingleton(Options.Create(database));
        services.AddSingleton(sp => new SystemDbFactory(sp.GetRequiredService<IOptions<DatabaseOptions>>()));
        services.AddSingleton(new FactorTrace.Resilience.DependencyRegistry(Options.Create(new FactorTrace.Resilience.ResilienceOptions()), TimeProvider.System));
        services.AddGrid(o => ConfigurationBinder.Bind(CliContext.Configuration.GetSection(GridOptions.SectionName), o), _ => factors);
        return services.BuildServiceProvider(validateScopes: true);
    }

    private static void Write<T>(ParseResult parse, T value, Action text)
    {
        if (parse.GetValue(Json))
        {
            Console.WriteLine(JsonSerializer.Serialize(value, IngestionSummary.JsonOptions));
        }
        else
        {
            text();
        }
    }
}
