using System.CommandLine;
using FactorTrace.Cli;
using FactorTrace.Cli.Commands;

if (Console.IsOutputRedirected)
{
    // Tables written to a file or pipe keep their full width.
    Spectre.Console.AnsiConsole.Profile.Width = 200;
}

var root = new RootCommand("FactorTrace: emission factors with provenance, from published datasets.");
root.Options.Add(CliContext.DatasetsOption);
root.Subcommands.Add(DatasetsCommand.Create());
foreach (var command in BrokerCommands.Create().Concat(LedgerCommands.Create()).Append(ImportCommand.Create()))
{
    root.Subcommands.Add(command);
}
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
