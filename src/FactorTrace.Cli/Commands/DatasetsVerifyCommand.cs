using System.CommandLine;
using FactorTrace.Datasets;
using FactorTrace.Datasets.Download;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace FactorTrace.Cli.Commands;

internal static class DatasetsVerifyCommand
{
    public static Command Create()
    {
        var ids = DatasetsCommand.IdsArgument();
        var command = new Command("verify", "Check the datasets folder against the pinned SHA-256 values.") { ids };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var services = CliContext.BuildServices(parse);
            var path = services.GetRequiredService<IOptions<DatasetsOptions>>().Value.Path;
            AnsiConsole.MarkupLine($"Datasets folder: [bold]{Markup.Escape(path)}[/]");
            try
            {
                var results = await services.GetRequiredService<DatasetVerifier>()
                    .VerifyAsync(path, parse.GetValue(ids) ?? [], cancellationToken).ConfigureAwait(false);
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
