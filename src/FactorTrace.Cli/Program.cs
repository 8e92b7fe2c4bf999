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
foreach (var command in BrokerCommands.Create().Concat(LedgerCommands.Create()).Append(ImportCommand.Create()).Append(ReportCommand.Create()).Append(GridCommand.Create()).Append(WorkloadsCommand.Create()))
{
    root.Subcommands.Add(command);
}
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // Bad input is exit code 2 everywhere (README: exit codes), with every problem on its own line.
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }

    Console.Error.WriteLine($"See '{string.Join(' ', parsed.CommandResult.Command.Name == root.Name ? ["factortrace"] : ["factortrace", parsed.CommandResult.Command.Name])} --help'.");
    return 2;
}

return await parsed.InvokeAsync().ConfigureAwait(false);
