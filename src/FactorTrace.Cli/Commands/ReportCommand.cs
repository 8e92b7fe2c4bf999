using System.CommandLine;
using System.Globalization;
using FactorTrace.Reporting;
using FactorTrace.Reporting.Generation;
using FactorTrace.Reporting.Model;
using FactorTrace.Reporting.Xbrl;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Cli.Commands;

/// <summary>
/// <c>factortrace report …</c>: reports from the ledger. <c>report esrs-e1 --from --to --out DIR</c> generates the ESRS E1
/// report on the local database through the service's own path (recorded, with the SHA-256 of each file; exit 0, 1 when
/// generation failed, 2 bad input). <c>report validate FILE</c> checks an Inline XBRL report against the
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
        var command = new Command("report", "ESRS E1 reports: generate one from the local ledger, validate an Inline XBRL report.");
        command.Subcommands.Add(EsrsE1());
        command.Subcommands.Add(Validate());
        return command;
    }

    private static Command EsrsE1()
    {
        var from = new Option<string>("--from") { Description = "First day of the reporting period (yyyy-mm-dd).", Required = true };
        var to = new Option<string>("--to") { Description = "Last day (yyyy-mm-dd).", Required = true };
        var formats = new Option<string?>("--format") { Description = $"Formats, comma-separated: {string.Join(", ", ReportFormats.All.Select(f => f.Kind))} (default: all)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the files to (created if missing).", Required = true };
        var run = new Option<Guid?>("--run") { Description = "The calculation run to report (default: the latest completed run covering the period)." };
        var revenue = NumberOptions.OptionalDouble("--net-revenue", "Net revenue of the period (decimal point: 2500000.00); default: the tenant's reporting-period setting.");
        var currency = new Option<string?>("--currency") { Description = "ISO 4217 currency of --net-revenue (EUR)." };
        var tenant = new Option<string>("--tenant") { Description = "Tenant slug.", DefaultValueFactory = _ => "default" };
        var command = new Command("esrs-e1", "Generate the ESRS E1-6 report of a period from the local ledger as HTML, PDF, Inline XBRL, CSV and JSON.")
        {
            from, to, formats, output, run, revenue, currency, tenant,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!DateOnly.TryParseExact(parse.GetValue(from), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
                || !DateOnly.TryParseExact(parse.GetValue(to), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
            {
                Console.Error.WriteLine("error: --from and --to must be dates as yyyy-mm-dd");
                return ExitCodes.BadInput;
            }

            if ((parse.GetValue(revenue) is null) != (parse.GetValue(currency) is null))
            {
                Console.Error.WriteLine("error: give --net-revenue and --currency together");
                return ExitCodes.BadInput;
            }

            await using var db = await LedgerCommands.OpenAsync(parse.GetValue(tenant)!, ct).ConfigureAwait(false);
            if (db is null)
            {
                return ExitCodes.BadInput;
            }

            var order = new ReportOrder(ReportOrder.EsrsE1, first, last, parse.GetValue(run),
                parse.GetValue(revenue) is { } net ? new NetRevenue((decimal)net, parse.GetValue(currency)!.Trim().ToUpperInvariant()) : null,
                parse.GetValue(formats) is { } list ? [list] : null);
            var service = new ReportService(db, TimeProvider.System);
            Data.Reporting.Report? report;
            try
            {
                var created = await service.CreateAsync(order, new ReportActor(db.CurrentTenantId!.Value, $"cli:{Environment.UserName}", null), ct).ConfigureAwait(false);
                report = await service.GenerateAsync(created.Id, null, ct).ConfigureAwait(false);
            }
            catch (ReportInputException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }

            if (report is not { Status: Data.Reporting.ReportStatus.Completed })
            {
                Console.Error.WriteLine($"error: report {report?.Id} failed: {report?.Error}");
                return ExitCodes.Failure;
            }

            return await WriteFilesAsync(db, report, parse.GetValue(output)!, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Writes every file of the report into <paramref name="folder"/>: each to a temporary name first, then renamed, so no partial file is left as if complete.</summary>
    private static async Task<int> WriteFilesAsync(Data.FactorTraceDb db, Data.Reporting.Report report, DirectoryInfo folder, CancellationToken ct)
    {
        folder.Create();
        var files = await db.ReportFiles.Where(f => f.ReportId == report.Id).OrderBy(f => f.Kind).ToListAsync(ct).ConfigureAwait(false);
        var written = new List<string>();
        try
        {
            foreach (var file in files)
            {
                var target = Path.Combine(folder.FullName, file.FileName);
                await System.IO.File.WriteAllBytesAsync(target + ".partial", file.Content, ct).ConfigureAwait(false);
                written.Add(target + ".partial");
            }

            foreach (var partial in written)
            {
                System.IO.File.Move(partial, partial[..^".partial".Length], overwrite: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            written.ForEach(System.IO.File.Delete);
            Console.Error.WriteLine($"error: cannot write to '{folder.FullName}': {ex.Message}");
            return ExitCodes.Failure;
        }

        Console.WriteLine($"Report {report.Id} ({report.From:yyyy-MM-dd}..{report.To:yyyy-MM-dd}, calculation run {report.CalculationRunId})");
        foreach (var file in files)
        {
            Console.WriteLine($"  {Path.Combine(folder.FullName, file.FileName)}  {file.Length:N0} bytes  sha256 {file.Sha256}");
        }

        return ExitCodes.Ok;
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
