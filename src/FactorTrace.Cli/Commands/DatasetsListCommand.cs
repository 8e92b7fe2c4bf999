using System.CommandLine;
using FactorTrace.Datasets.Catalogue;
using Spectre.Console;

namespace FactorTrace.Cli.Commands;

internal static class DatasetsListCommand
{
    public static Command Create()
    {
        var command = new Command("list", "List the dataset catalogue.");
        command.SetAction(_ =>
        {
            var table = new Table().Border(TableBorder.Simple)
                .AddColumns("Dataset", "Publisher", "Version", "Licence", "Files", "Mapping");
            foreach (var d in DatasetCatalogue.Default.Datasets)
            {
                table.AddRow(Markup.Escape(d.Id), Markup.Escape(d.Publisher), Markup.Escape(d.Version), Markup.Escape(d.Licence),
                    d.Files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(d.Mapping ?? "(reference only)"));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
