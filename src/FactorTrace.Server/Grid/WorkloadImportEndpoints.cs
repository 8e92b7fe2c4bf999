using FactorTrace.Data;
using FactorTrace.Grid;
using FactorTrace.Grid.Workloads;
using FactorTrace.Grid.Workloads.Files;
using FactorTrace.Import;
using FactorTrace.Import.Normalization;
using FactorTrace.Import.Reading;
using FactorTrace.Import.Storage;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Imports;
using FactorTrace.Server.Tenancy;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Grid;

/// <summary>
/// Workload records from a CSV or XLSX upload: the multipart file is staged like an activity import's, read and
/// validated by <see cref="WorkloadFile"/> (the JSON API's rule per row), and stored all or nothing.
/// </summary>
internal static class WorkloadImportEndpoints
{
    /// <summary>Ids listed in the answer; the count covers them all.</summary>
    private const int IdsShown = 1000;

    public static RouteGroupBuilder MapWorkloadImport(this RouteGroupBuilder workloads)
    {
        workloads.MapPost("/records/import", ImportAsync).RequireAuthorization(Policies.Editor).DisableAntiforgery()
            .WithMetadata(new OpenApiSetup.MultipartUpload(
                ("number_format", "Optional (or query): eu (1.234,5) or us (1,234.5); without it numbers are read with a decimal point and a decimal comma is refused."),
                ("dry_run", "Optional (or query): true validates and reports without storing.")))
            .Produces(StatusCodes.Status201Created, contentType: "application/json").Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("Workload records from a CSV or XLSX file (multipart field 'file'): every row valid, or nothing stored and every bad row named.");
        return workloads;
    }

    private static async Task<IResult> ImportAsync(
        HttpContext context, string? number_format, string? dry_run, [AsParameters] WorkloadImportServices services, CancellationToken cancellationToken)
    {
        var (tenant, db, reference, imports, options, audit, time) = services;
        var upload = await ImportUploadReader.ReadAsync(context, imports, options.Value, cancellationToken).ConfigureAwait(false);
        if (upload.Problem is { } problem)
        {
            return problem;
        }

        WorkloadFileResult result;
        try
        {
            var formatText = upload.Fields.GetValueOrDefault("number_format") ?? number_format;
            if (!WorkloadFileOptions.TryParseNumberFormat(formatText, out var format))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid_number_format",
                    $"number_format '{formatText}' is neither eu (1.234,5: decimal comma) nor us (1,234.5: decimal point).", "number_format", [NumberFormat.Eu, NumberFormat.Us]);
            }

            var dryRunText = upload.Fields.GetValueOrDefault("dry_run") ?? dry_run;
            if (!TryParseFlag(dryRunText, out var dryRun))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "invalid_flag", $"dry_run '{dryRunText}' is neither true nor false.", "dry_run", ["true", "false"]);
            }

            var profiles = await WorkloadServices.ByNameAsync(db, cancellationToken).ConfigureAwait(false);
            try
            {
                result = WorkloadFile.Read(upload.File!.Path, new WorkloadFileOptions { NumberFormat = format, Limits = options.Value }, profiles, reference.Zones, tenant.TenantId, time.GetUtcNow());
            }
            catch (ImportException ex)
            {
                return ImportProblems.For(ex);
            }

            if (!result.IsValid)
            {
                return TypedResults.Json(InvalidRows(result), ApiJson.Options, "application/problem+json", StatusCodes.Status422UnprocessableEntity);
            }

            if (dryRun)
            {
                return TypedResults.Json(new { dry_run = true, rows = result.Rows, created = 0, layout = Layout(result.Layout), ignored_columns = result.IgnoredColumns }, ApiJson.Options);
            }
        }
        finally
        {
            File.Delete(upload.File!.Path);
        }

        db.WorkloadRecords.AddRange(result.Records);
        var name = upload.FileName is { Length: > 100 } full ? full[..100] : upload.FileName;
        audit.Add(tenant.Caller, "workload.import", "workload", null, $"{result.Records.Count} records from {name} ({result.Layout.Format})");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(new
        {
            created = result.Records.Count,
            ids = result.Records.Take(IdsShown).Select(r => r.Id),
            ids_shown = Math.Min(IdsShown, result.Records.Count),
            layout = Layout(result.Layout),
            ignored_columns = result.IgnoredColumns,
        }, ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static object InvalidRows(WorkloadFileResult result) => new
    {
        type = Problems.TypeBase + "invalid_rows",
        title = "Invalid rows",
        status = StatusCodes.Status422UnprocessableEntity,
        code = "invalid_rows",
        detail = result.Rows > 0
            ? $"{result.ErrorCount} problems in {result.BadRows} of {result.Rows} rows; nothing was stored."
            : $"{result.ErrorCount} problems with the file's columns; nothing was stored.",
        error_count = result.ErrorCount,
        errors = result.Errors.Select(e => new { row = e.Row, column = e.Column, field = e.Field, code = e.Code, message = e.Message, suggestions = e.Suggestions }),
    };

    private static object Layout(FileLayout layout) => new
    {
        format = layout.Format,
        encoding = layout.Encoding,
        delimiter = layout.Format is "csv" or "tsv" ? layout.Delimiter.ToString() : null,
        sheet = layout.SheetName,
        header_row = layout.HeaderRow,
    };

    private static bool TryParseFlag(string? text, out bool value)
    {
        value = false;
        switch ((text ?? "").Trim().ToLowerInvariant())
        {
            case "" or "false" or "0" or "no":
                return true;
            case "true" or "1" or "yes":
                value = true;
                return true;
            default:
                return false;
        }
    }
}

/// <summary>What the workload import handler uses.</summary>
internal readonly record struct WorkloadImportServices(
    TenantContext Tenant, FactorTraceDb Db, GridReference Reference, ImportService Imports, IOptions<ImportOptions> Options, AuditLog Audit, TimeProvider Time);
