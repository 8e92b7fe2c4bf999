using System.CommandLine;
using FactorTrace.Datasets;
using FactorTrace.Datasets.Download;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace FactorTrace.Cli.Commands;

internal static class DatasetsPullCommand
{
    public static Command Create()
    {
        var ids = DatasetsCommand.IdsArgument();
        var command = new Command("pull", "Download missing or wrong files from the mirror or the publisher, keeping only verified bytes.")
        {
            ids,
            CliContext.MirrorOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var services = CliContext.BuildServices(parse);
            var options = services.GetRequiredService<IOptions<DatasetsOptions>>().Value;
            AnsiConsole.MarkupLine($"Datasets folder: [bold]{Markup.Escape(options.Path)}[/]" +
                (options.MirrorBaseUrl is null ? "" : $", mirror: [bold]{Markup.Escape(options.MirrorBaseUrl)}[/]"));
            try
            {
                var printer = new PullProgressPrinter();
                var results = await services.GetRequiredService<DatasetDownloader>()
                    .PullAsync(parse.GetValue(ids) ?? [], printer, printer, cancellationToken).ConfigureAwait(false);
                return FileCheckTable.Write(results);
            }
            catch (ArgumentException ex)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
                return 2;
            }
        });
        return command;
    }
}
