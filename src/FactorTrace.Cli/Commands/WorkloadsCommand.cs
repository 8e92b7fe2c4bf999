using System.CommandLine;
using System.Text.Json;
using FactorTrace.Data.Audit;
using FactorTrace.Grid;
using FactorTrace.Grid.Workloads;
using FactorTrace.Grid.Workloads.Files;
using FactorTrace.Import;
using Microsoft.Extensions.Configuration;

namespace FactorTrace.Cli.Commands;

/// <summary>
/// <c>factortrace workloads import &lt;file&gt;</c>: workload records from a CSV or XLSX into the tenant's local database,
/// through <see cref="WorkloadFile"/> as <c>POST /api/v1/workloads/records/import</c> reads them. Exit 0, 2 bad input or an
/// unreadable file, 3 when rows are invalid (nothing stored), 4 without datasets.
/// </summary>
internal static class WorkloadsCommand
{
    private const int ErrorsShown = 50;

    /// <summary>The <c>workloads</c> command.</summary>
    public static Command Create()
    {
        var command = new Command("workloads", "Software workloads: import their records from a file.");
        command.Subcommands.Add(Import());
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV, TSV, XLSX or XLS with a header row: service, region, start, end, and requests and/or kwh." };
        var numberFormat = new Option<string?>("--number-format") { Description = "eu (1.234,5) or us (1,234.5); without it numbers are read with a decimal point and a decimal comma is refused." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and report without storing." };
        var tenant = new Option<string>("--tenant") { Description = "Tenant slug.", DefaultValueFactory = _ => "default" };
        var json = new Option<bool>("--json") { Description = "Write the answer as JSON." };
        var command = new Command("import", "Store every row of a workload file, or nothing and every bad row named.") { file, numberFormat, dryRun, tenant, json };
        command.SetAction(async (parse, ct) =>
        {
            if (!WorkloadFileOptions.TryParseNumberFormat(parse.GetValue(numberFormat), out var format))
            {
                Console.Error.WriteLine("error: --number-format must be eu (1.234,5) or us (1,234.5)");
                return ExitCodes.BadInput;
            }

            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"error: no file '{path.FullName}'");
                return ExitCodes.BadInput;
            }

            await using var db = await LedgerCommands.OpenAsync(parse.GetValue(tenant)!, ct).ConfigureAwait(false);
            if (db is null)
            {
                return ExitCodes.BadInput;
            }

            // The yearly dataset's zones belong to the catalogue the service resolves regions with.
            if (await CliContext.LoadBrokerAsync(parse, ct).ConfigureAwait(false) is not var (loaded, _))
            {
                return ExitCodes.NoDatasets;
            }

            var limits = new ImportOptions();
            CliContext.Configuration.GetSection(ImportOptions.SectionName).Bind(limits);
            var tenantId = db.CurrentTenantId!.Value;
            WorkloadFileResult result;
            try
            {
                var services = await WorkloadServices.ByNameAsync(db, ct).ConfigureAwait(false);
                result = WorkloadFile.Read(path.FullName, new WorkloadFileOptions { NumberFormat = format, Limits = limits }, services,
                    new GridReference(() => loaded.Store).Zones, tenantId, TimeProvider.System.GetUtcNow());
            }
            catch (ImportException ex)
            {
                Console.Error.WriteLine($"error: {ex.Code}: {ex.Message}");
                return ExitCodes.BadInput;
            }

            if (!result.IsValid)
            {
                Report(parse.GetValue(json), result);
                return ExitCodes.Incomplete;
            }

            var stored = !parse.GetValue(dryRun);
            if (stored)
            {
                db.WorkloadRecords.AddRange(result.Records);
                db.AuditEvents.Add(AuditEvent.Create(TimeProvider.System, tenantId, $"cli:{Environment.UserName}", "workload.import", "workload", null, null,
                    $"{result.Records.Count} records from {path.Name} ({result.Layout.Format})"));
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { dry_run = !stored, rows = result.Rows, created = stored ? result.Records.Count : 0, ids = stored ? result.Records.Select(r => r.Id) : [] }, IngestionSummary.JsonOptions));
            }
            else
            {
                Console.WriteLine(stored ? $"{result.Records.Count} workload records stored from {path.Name}" : $"{result.Rows} rows valid; nothing stored (dry run)");
                foreach (var ignored in result.IgnoredColumns)
                {
                    Console.WriteLine($"column '{ignored}' ignored");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Report(bool json, WorkloadFileResult result)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { error_count = result.ErrorCount, errors = result.Errors }, IngestionSummary.JsonOptions));
            return;
        }

        foreach (var e in result.Errors.Take(ErrorsShown))
        {
            var where = e.Row is { } row ? $"row {row}{(e.Column is null ? "" : $", column '{e.Column}'")}" : e.Column is null ? "file" : $"column '{e.Column}'";
            var hint = e.Suggestions.Count > 0 ? $" (try: {string.Join(", ", e.Suggestions)})" : "";
            Console.Error.WriteLine($"error: {where}: {e.Code}: {e.Message}{hint}");
        }

        if (result.ErrorCount > ErrorsShown)
        {
            Console.Error.WriteLine($"… and {result.ErrorCount - ErrorsShown} more (--json lists up to {WorkloadFileOptions.DefaultMaxErrors:N0})");
        }

        Console.Error.WriteLine(result.Rows > 0
            ? $"{result.ErrorCount} problems in {result.BadRows} of {result.Rows} rows; nothing was stored."
            : $"{result.ErrorCount} problems with the file's columns; nothing was stored.");
    }
}
