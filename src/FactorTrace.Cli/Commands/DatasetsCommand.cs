using System.CommandLine;

namespace FactorTrace.Cli.Commands;

/// <summary><c>factortrace datasets list | verify | pull | ingest</c>.</summary>
internal static class DatasetsCommand
{
    public static Command Create()
    {
        var command = new Command("datasets", "The published emission-factor datasets: catalogue, download, verification, ingestion.");
        command.Subcommands.Add(DatasetsListCommand.Create());
        command.Subcommands.Add(DatasetsVerifyCommand.Create());
        command.Subcommands.Add(DatasetsPullCommand.Create());
        command.Subcommands.Add(DatasetsIngestCommand.Create());
        return command;
    }

    public static Argument<string[]> IdsArgument() => new("ids")
    {
        Description = "Dataset ids (default: all).",
        Arity = ArgumentArity.ZeroOrMore,
    };
}
