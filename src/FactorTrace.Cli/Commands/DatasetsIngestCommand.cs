using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FactorTrace.Datasets;
using FactorTrace.Datasets.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace FactorTrace.Cli.Commands;

internal static class DatasetsIngestCommand
{
    public static Command Create()
    {
        var ids = DatasetsCommand.IdsArgument();
        var json = new Option<bool>("--json") { Description = "Write the ingestion report as JSON." };
        var rejected = new Option<bool>("--show-rejected") { Description = "List every rejected row with its reason." };
        var command = new Command("ingest", "Read the datasets through their mappings and report what was ingested.") { ids, json, rejected };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var services = CliContext.BuildServices(parse);
            var path = services.GetRequiredService<IOptions<DatasetsOptions>>().Value.Path;
            LoadedDatasets loaded;
            try
            {
                loaded = await services.GetRequiredService<DatasetIngestor>()
                    .IngestAsync(parse.GetValue(ids) ?? [], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IngestionException or ArgumentException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(IngestionSummary.From(loaded), IngestionSummary.JsonOptions));
                return 0;
            }

            AnsiConsole.MarkupLine($"Datasets folder: [bold]{Markup.Escape(path)}[/]");
            Write(loaded, parse.GetValue(rejected));
            return 0;
        });
        return command;
    }

    private static void Write(LoadedDatasets loaded, bool showRejected)
    {
        static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("Dataset", "Version", "Rows read", "Factors", "GWP values", "Fuels", "Rate days", "No value", "Not factors", "Rejected", "ms");
        foreach (var d in loaded.Datasets)
        {
            int Sum(string kind) => d.Tables.Where(t => t.Kind == kind).Sum(t => t.Ingested);
            table.AddRow(
                Markup.Escape(d.Info.Id), Markup.Escape(d.Info.Version), N(d.RowsRead), N(d.Factors.Count), N(Sum("gwp")),
                N(Sum("fuel_properties")), N(Sum("fx_rates")), N(d.Tables.Sum(t => t.NoValue)), N(d.Tables.Sum(t => t.Skipped)),
                d.RejectedCount == 0 ? "0" : $"[yellow]{N(d.RejectedCount)}[/]",
                d.Elapsed.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{N(loaded.Store.Count)} factors from {loaded.Datasets.Count} datasets in " +
            $"{loaded.Elapsed.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms.");
        if (!showRejected)
        {
            return;
        }

        foreach (var row in loaded.Datasets.SelectMany(d => d.Tables).SelectMany(t => t.Rejected))
        {
            AnsiConsole.MarkupLine($"  [yellow]rejected[/] {Markup.Escape(row.Where)}: {Markup.Escape(row.Reason)}");
        }
    }
}
