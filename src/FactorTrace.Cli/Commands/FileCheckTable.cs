using FactorTrace.Datasets.Download;
using Spectre.Console;

namespace FactorTrace.Cli.Commands;

internal static class FileCheckTable
{
    public static int Write(IReadOnlyList<FileCheck> results)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("Dataset", "File", "Status", "Detail");
        foreach (var r in results)
        {
            var status = r.Status switch
            {
                FileStatus.Ok or FileStatus.Downloaded => $"[green]{r.Status}[/]",
                _ => $"[red]{r.Status}[/]",
            };
            table.AddRow(Markup.Escape(r.DatasetId), Markup.Escape(r.Path), status, Markup.Escape(r.Message ?? ""));
        }

        AnsiConsole.Write(table);
        var bad = results.Count(r => r.Status is not (FileStatus.Ok or FileStatus.Downloaded));
        AnsiConsole.MarkupLine(bad == 0
            ? $"[green]{results.Count} files verified.[/]"
            : $"[red]{bad} of {results.Count} files are missing, wrong or failed.[/]");
        return bad == 0 ? 0 : 1;
    }
}
