using System.CommandLine;
using FactorTrace.Reporting.Xbrl;

namespace FactorTrace.Cli.Commands;

/// <summary>
/// <c>factortrace report …</c>: reports from the ledger. <c>report validate FILE</c> checks an Inline XBRL report against the
/// ESRS taxonomy files (exit 0 valid, 1 invalid with every problem on its own line, 2 bad input).
/// </summary>
internal static class ReportCommand
{
    private static readonly Argument<FileInfo> File = new("file") { Description = "The Inline XBRL (.xhtml) file." };

    private static readonly Option<DirectoryInfo?> Taxonomy = new("--taxonomy")
    {
        Description = $"The ESRS taxonomy folder (default: <datasets folder>/{EsrsTaxonomy.FolderName}).",
    };

    /// <summary>The <c>report</c> command and its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("report", "ESRS E1 reports: validate an Inline XBRL report.");
        command.Subcommands.Add(Validate());
        return command;
    }

    private static Command Validate()
    {
        var command = new Command("validate", "Check an Inline XBRL report against the ESRS Set 1 taxonomy 2023-12-22: concepts, period and item types, units, dimensions, calculations, duplicates.") { File, Taxonomy };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(File)!;
            var folder = parse.GetValue(Taxonomy)?.FullName ?? Path.Combine(CliContext.ResolveDatasetsPath(parse.GetValue(CliContext.DatasetsOption)?.FullName), EsrsTaxonomy.FolderName);
            if (!file.Exists)
            {
                Console.Error.WriteLine($"error: no file '{file.FullName}'");
                return ExitCodes.BadInput;
            }

            if (!Directory.Exists(folder))
            {
                Console.Error.WriteLine($"error: no ESRS taxonomy folder '{folder}': pass --taxonomy <dir> or --datasets <dir> (the folder holding {EsrsTaxonomy.FolderName})");
                return ExitCodes.BadInput;
            }

            IxbrlValidator validator;
            try
            {
                validator = IxbrlValidator.ForFolder(folder);
            }
            catch (Exception ex) when (ex is FileNotFoundException or System.Xml.XmlException)
            {
                Console.Error.WriteLine($"error: the taxonomy in '{folder}' cannot be read: {ex.Message}");
                return ExitCodes.BadInput;
            }

            using var stream = file.OpenRead();
            var problems = validator.Validate(stream);
            foreach (var problem in problems)
            {
                Console.WriteLine(problem.ToString());
            }

            Console.Error.WriteLine(problems.Count == 0 ? $"{file.Name}: valid" : $"{file.Name}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}");
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
