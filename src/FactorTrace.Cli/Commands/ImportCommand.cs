using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using FactorTrace.Datasets.Ingestion;
using FactorTrace.Import;
using FactorTrace.Import.Processing;
using FactorTrace.Import.Storage;
using FactorTrace.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace FactorTrace.Cli.Commands;

/// <summary>
/// <c>factortrace import &lt;file&gt;</c>: the importer against the local database. Reads, maps and validates the file,
/// prints the layout, the mapping, the counts and the issues (the API's shape with <c>--json</c>), and with
/// <c>--commit</c> stores the valid rows in one transaction behind a progress bar.
/// </summary>
internal static class ImportCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        // Nulls are written, as the API writes them, so an issue has the same fields everywhere.
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly Argument<FileInfo> FileArgument = new("file") { Description = "CSV, TSV, XLSX or XLS file." };
    private static readonly Option<string?> Template = new("--template") { Description = "Named mapping template of the tenant." };
    private static readonly Option<bool> Commit = new("--commit") { Description = "Store the valid rows (one transaction)." };
    private static readonly Option<bool> Strict = new("--strict") { Description = "With --commit: store nothing if any row has an error." };
    private static readonly Option<bool> AllowDuplicate = new("--allow-duplicate") { Description = "With --commit: commit even if the same file was committed before." };
    private static readonly Option<bool> AcceptMapping = new("--accept-mapping") { Description = "With --commit: commit even over columns mapped with low confidence or questions left open (check them first; rows waiting for an answer are skipped)." };
    private static readonly Option<string> Tenant = new("--tenant") { Description = "Tenant slug.", DefaultValueFactory = _ => "default" };
    private static readonly Option<bool> JsonOutput = new("--json") { Description = "Write JSON (issues in the API's shape); progress goes to stderr." };

    public static Command Create()
    {
        var command = new Command("import", "Import activity records from a spreadsheet into the local database.")
        {
            FileArgument, Template, Commit, Strict, AllowDuplicate, AcceptMapping, Tenant, JsonOutput,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var file = parse.GetValue(FileArgument)!;
        var json = parse.GetValue(JsonOutput);
        if (!file.Exists)
        {
            return Fail(json, "file_not_found", $"There is no file {file.FullName}.");
        }

        await using var db = await LedgerCommands.OpenAsync(parse.GetValue(Tenant)!, ct).ConfigureAwait(false);
        if (db is null)
        {
            return 2;
        }

        // The datasets are loaded only if a description has to be matched to an activity.
        using var services = CliContext.BuildServices(parse);
        var search = new Lazy<FactorSearch?>(() =>
        {
            try
            {
                var loaded = services.GetRequiredService<DatasetIngestor>().IngestAsync([], CancellationToken.None, skipFailures: true).GetAwaiter().GetResult();
                return BrokerFactory.Create(loaded).Search;
            }
            catch (InvalidOperationException ex)
            {
                Console.Error.WriteLine($"warning: descriptions are not matched to activities: the datasets cannot be loaded ({ex.Message}); pass --datasets");
                return null;
            }
        });
        // The importer as the service registers it, with the same settings (FactorTrace__Imports__* in the environment).
        using var importer = new ServiceCollection()
            .AddSingleton<IActivityMatcher>(new SearchActivityMatcher(() => search.Value))
            .AddImports(o => CliContext.Configuration.GetSection(ImportOptions.SectionName).Bind(o), Path.Combine(CliContext.DataDirectory(), "imports"))
            .BuildServiceProvider();
        ImportService imports;
        try
        {
            _ = importer.GetRequiredService<IOptions<ImportOptions>>().Value;
            imports = importer.GetRequiredService<ImportService>();
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine($"error: {string.Join("; ", ex.Failures)}");
            return ExitCodes.BadInput;
        }

        var progress = importer.GetRequiredService<ImportProgress>();
        try
        {
            var stream = file.OpenRead();
            StagedFile staged;
            await using (stream.ConfigureAwait(false))
            {
                staged = await imports.ReceiveAsync(stream, ct).ConfigureAwait(false);
            }

            // Committing at once: the commit pass validates, counts and lists issues, so the file is read one time less.
            var commit = parse.GetValue(Commit);
            var result = await imports.CreateAsync(db, db.CurrentTenantId!.Value, Actor, file.Name, staged, parse.GetValue(Template), ct, validate: !commit,
                audit: r => Event(db, r, "import.create", ImportAuditDetails.Created(r, validated: !commit))).ConfigureAwait(false);
            CommitResult? committed = null;
            var unconfirmed = result.Analysis.Mapping.Unconfirmed();
            // A question without an answer or a default holds back every row it concerns: committing would skip them all.
            var open = result.Analysis.Mapping.Decisions.Where(d => d.Default is null).ToList();
            if (commit && (unconfirmed.Count > 0 || open.Count > 0) && !parse.GetValue(AcceptMapping))
            {
                await imports.RecountAsync(db, result.Import, ct).ConfigureAwait(false);
                // A guessed column must not decide what is stored: the user looks at it first.
                foreach (var column in unconfirmed)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"error: column '{column.Header}' was mapped to {column.Field} with low confidence {column.Confidence:0.00} ({column.Method}); nothing was committed."));
                }

                foreach (var decision in open)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"error: {decision.Column ?? "the file"} ({decision.Field}): {decision.Reason} Choices: {string.Join(", ", decision.Choices)}. {decision.Rows:N0} rows wait for the answer ({decision.Answer}); nothing was committed."));
                }

                Console.Error.WriteLine($"Check the mapping and answer the questions (PUT /api/v1/imports/{result.Import.Id}/mapping, or --template <name>), or commit with --accept-mapping to store the other rows.");
                return ExitCodes.Incomplete;
            }

            // The first issues are shown; the rest are only counted, so memory does not grow with the file.
            var first = new List<ImportIssue>(50);
            long more = 0;
            void Collect(ImportIssue issue)
            {
                if (first.Count < 50)
                {
                    first.Add(issue);
                }
                else
                {
                    more++;
                }
            }

            if (commit)
            {
                foreach (var note in result.Analysis.Notes)
                {
                    Collect(note);
                }

                try
                {
                    committed = json
                        ? await CommitWithLinesAsync(imports, progress, db, result, parse, ct).ConfigureAwait(false)
                        : await CommitWithBarAsync(imports, progress, db, result, parse, row =>
                        {
                            foreach (var issue in row.Issues)
                            {
                                Collect(issue);
                            }
                        }, ct).ConfigureAwait(false);
                }
                catch (ImportException)
                {
                    // Nothing was stored: the import keeps its counts for whoever opens it next.
                    await imports.RecountAsync(db, result.Import, CancellationToken.None).ConfigureAwait(false);
                    throw;
                }
            }

            var summary = committed?.Summary ?? result.Summary;
            if (json)
            {
                await Task.Run(() => WriteJson(imports, result, summary, committed, ct), ct).ConfigureAwait(false);
            }
            else
            {
                if (committed is null)
                {
                    await Task.Run(() => imports.Issues(result.Import, Collect, ct), ct).ConfigureAwait(false);
                }

                Print(result, summary, first, more, committed);
            }

            return committed is not null || summary.Invalid == 0 ? 0 : 3;
        }
        catch (ImportException ex)
        {
            return Fail(json, ex.Code, ex.Message);
        }
    }

    private static async Task<CommitResult> CommitWithBarAsync(
        ImportService imports, ImportProgress progress, Data.FactorTraceDb db, ImportResult result, ParseResult parse, Action<ConvertedRow> observe, CancellationToken ct) =>
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                // The rows are counted by the commit pass itself, so the bar shows rows done rather than a share.
                var task = context.AddTask("committing", maxValue: Math.Max(1, result.Summary.Rows));
                task.IsIndeterminate = result.Summary.Rows == 0;
                var commit = imports.CommitAsync(db, result.Import, parse.GetValue(AllowDuplicate), parse.GetValue(Strict), ct, observe, r => Event(db, result, "import.commit", ImportAuditDetails.Committed(r)));
                while (!commit.IsCompleted)
                {
                    if (progress.Get(result.Import.Id) is { } snapshot)
                    {
                        task.Value = Math.Min(snapshot.RowsDone, task.MaxValue);
                        task.Description = task.IsIndeterminate ? string.Create(CultureInfo.InvariantCulture, $"{snapshot.Phase} {snapshot.RowsDone:N0} rows") : snapshot.Phase;
                    }

                    await Task.WhenAny(commit, Task.Delay(100, ct)).ConfigureAwait(false);
                }

                task.Value = task.MaxValue;
                return await commit.ConfigureAwait(false);
            }).ConfigureAwait(false);

    /// <summary>Who the CLI's changes are audited as.</summary>
    private static string Actor => $"cli:{Environment.UserName}";

    /// <summary>The tenant's audit event of an import change from the CLI, stored in the change's transaction as the API's is.</summary>
    private static Data.Audit.AuditEvent Event(Data.FactorTraceDb db, ImportResult result, string action, string detail) =>
        Data.Audit.AuditEvent.Create(TimeProvider.System, db.CurrentTenantId!.Value, Actor, action, "import", result.Import.Id.ToString(), null, detail);

    private static async Task<CommitResult> CommitWithLinesAsync(ImportService imports, ImportProgress progress, Data.FactorTraceDb db, ImportResult result, ParseResult parse, CancellationToken ct)
    {
        var commit = imports.CommitAsync(db, result.Import, parse.GetValue(AllowDuplicate), parse.GetValue(Strict), ct, audit: r => Event(db, result, "import.commit", ImportAuditDetails.Committed(r)));
        long last = -1;
        while (!commit.IsCompleted)
        {
            if (progress.Get(result.Import.Id) is { } snapshot && snapshot.RowsDone != last)
            {
                last = snapshot.RowsDone;
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"progress {snapshot.Phase} {snapshot.RowsDone}/{snapshot.RowsTotal}")).ConfigureAwait(false);
            }

            await Task.WhenAny(commit, Task.Delay(50, ct)).ConfigureAwait(false);
        }

        return await commit.ConfigureAwait(false);
    }

    /// <summary>The import as one JSON object on stdout, its issues streamed (the API's issue shape).</summary>
    private static void WriteJson(ImportService imports, ImportResult result, ValidationSummary summary, CommitResult? committed, CancellationToken ct)
    {
        using var stdout = Console.OpenStandardOutput();
        using var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = false });
        writer.WriteStartObject();
        writer.WriteString("id", result.Import.Id);
        writer.WriteString("status", result.Import.Status);
        writer.WriteString("file_name", result.Import.FileName);
        writer.WriteString("sha256", result.Import.FileSha256);
        writer.WritePropertyName("layout");
        JsonSerializer.Serialize(writer, result.Analysis.Layout, Json);
        writer.WritePropertyName("mapping");
        JsonSerializer.Serialize(writer, result.Analysis.Mapping, Json);
        writer.WritePropertyName("summary");
        JsonSerializer.Serialize(writer, summary, Json);
        writer.WritePropertyName("duplicates");
        JsonSerializer.Serialize(writer, result.Duplicates, Json);
        if (committed is not null)
        {
            writer.WritePropertyName("committed");
            JsonSerializer.Serialize(writer, new { stored = committed.Stored, skipped_invalid = committed.SkippedInvalid }, Json);
        }

        writer.WriteStartArray("issues");
        imports.Issues(result.Import, issue =>
        {
            issue.WriteJson(writer);
            if (writer.BytesPending > 1 << 16)
            {
                writer.Flush();
            }
        }, ct);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        stdout.WriteByte((byte)'\n');
    }

    private static void Print(ImportResult result, ValidationSummary summary, List<ImportIssue> issues, long more, CommitResult? committed)
    {
        var layout = result.Analysis.Layout;
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"import {result.Import.Id}: {layout.Format}{(layout.Encoding is null ? "" : $", {layout.Encoding}")}{(layout.Format is "csv" ? $", delimiter '{layout.Delimiter}'" : "")}, header row {layout.HeaderRow?.ToString(CultureInfo.InvariantCulture) ?? "none"}")));
        var table = new Table().AddColumns("column", "field", "how", "format");
        foreach (var c in result.Analysis.Mapping.Columns)
        {
            table.AddRow(Markup.Escape(c.Header), c.Field ?? "[grey]ignored[/]", c.Field is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{c.Method} {c.Confidence:0.00}"),
                string.Join(' ', new[] { c.NumberFormat ?? c.DateOrder, c.Unit ?? c.Currency }.OfType<string>()));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{summary.Rows:N0} rows: [green]{summary.Valid:N0} valid[/], [red]{summary.Invalid:N0} invalid[/], {summary.Warnings:N0} warnings"));
        foreach (var duplicate in result.Duplicates)
        {
            AnsiConsole.MarkupLine($"[yellow]the same file was imported before: {duplicate.Id} ({duplicate.Status})[/]");
        }

        foreach (var issue in issues)
        {
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{issue.Severity} row {issue.Row?.ToString(CultureInfo.InvariantCulture) ?? "-"} {issue.Column ?? ""} [{issue.Code}] {issue.Message}{(issue.Suggestion is null ? "" : $" (try: {issue.Suggestion})")}")));
        }

        if (more > 0)
        {
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"… and {more:N0} more (use --json for all)"));
        }

        if (committed is not null)
        {
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[bold]committed[/]: {committed.Stored:N0} records stored, {committed.SkippedInvalid:N0} invalid rows skipped"));
        }
        else if (summary.Valid > 0)
        {
            AnsiConsole.MarkupLine($"not stored yet: run again with --commit (or POST /api/v1/imports/{result.Import.Id}/commit)");
        }
    }

    private static int Fail(bool json, string code, string message)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { code, message }, Json));
        }
        else
        {
            Console.Error.WriteLine($"error: {message} ({code})");
        }

        return 2;
    }
}
