using System.Globalization;
using System.Text;
using System.Text.Json;
using FactorTrace.Data;
using FactorTrace.Data.Imports;
using FactorTrace.Import;
using FactorTrace.Import.Processing;
using FactorTrace.Import.Storage;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Observability;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FactorTrace.Server.Imports;

/// <summary>
/// Activity imports: upload (multipart), status and preview, mapping edits, cell patches, re-upload, the issue list
/// (JSON or CSV), commit, rollback, and the committed records as CSV.
/// </summary>
internal static class ImportEndpoints
{
    public static RouteGroupBuilder MapImportEndpoints(this RouteGroupBuilder api)
    {
        var imports = api.MapGroup("/imports").WithTags("Imports");
        imports.MapPost("/", CreateAsync).RequireAuthorization(Policies.Editor).DisableAntiforgery()
            .WithMetadata(new OpenApiSetup.MultipartUpload()).Produces(StatusCodes.Status201Created, contentType: "application/json")
            .WithSummary("Upload a CSV, TSV, XLSX or XLS file (multipart field 'file'; optional field or query 'template').");
        imports.MapGet("/", ListAsync).RequireAuthorization(Policies.Reader).Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithMetadata(new OpenApiSetup.QueryParameters(CanBeNotFound: false));
        imports.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Reader).WithSummary("Status, progress of a running commit, mapping, counts and preview.");
        imports.MapPut("/{id:guid}/mapping", RemapAsync).RequireAuthorization(Policies.Editor).Accepts<MappingChange>("application/json");
        imports.MapPatch("/{id:guid}/cells", PatchAsync).RequireAuthorization(Policies.Editor).Accepts<CellsBody>("application/json");
        imports.MapPut("/{id:guid}/file", ReplaceFileAsync).RequireAuthorization(Policies.Editor).DisableAntiforgery()
            .WithMetadata(new OpenApiSetup.MultipartUpload()).Produces(StatusCodes.Status200OK, contentType: "application/json");
        imports.MapGet("/{id:guid}/errors", ErrorsAsync).RequireAuthorization(Policies.Reader).WithSummary("Every issue: JSON, CSV (Accept: text/csv) or XLSX.");
        imports.MapPost("/{id:guid}/commit", CommitAsync).RequireAuthorization(Policies.Editor).Produces(StatusCodes.Status200OK, contentType: "application/json");
        imports.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Editor)
            .Produces(StatusCodes.Status200OK, contentType: "application/json").Produces(StatusCodes.Status204NoContent).WithSummary("Rolls back a committed import, or discards one not committed.");
        imports.MapGet("/{id:guid}/records", RecordsAsync).RequireAuthorization(Policies.Reader).WithSummary("The committed records as CSV or XLSX (formula-like text neutralized).");
        return api;
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context, TenantContext tenant, FactorTraceDb db, ImportService imports, ImportProgress progress, AuditLog audit, ServiceMetrics metrics,
        IOptions<ImportOptions> options, CancellationToken cancellationToken)
    {
        var upload = await ReadUploadAsync(context, imports, options.Value, cancellationToken).ConfigureAwait(false);
        if (upload.Problem is { } problem)
        {
            metrics.Import("upload", (problem.ProblemDetails.Extensions.TryGetValue("code", out var code) ? code as string : null) ?? "invalid_upload");
            return problem;
        }

        try
        {
            var template = upload.Template ?? context.Request.Query["template"].FirstOrDefault();
            var result = await imports.CreateAsync(db, tenant.TenantId, tenant.Caller.Actor, upload.FileName!, upload.File!, template, cancellationToken,
                audit: r => audit.Event(tenant.Caller, "import.create", "import", r.Import.Id.ToString(), ImportAuditDetails.Created(r)))
                .ConfigureAwait(false);
            metrics.Import("upload", "ok");
            return TypedResults.Created($"/api/v1/imports/{result.Import.Id}", ImportView.From(result, progress.Get(result.Import.Id)));
        }
        catch (ImportException ex)
        {
            metrics.Import("upload", ex.Code);
            return Problem(ex);
        }
    }

    private static async Task<IResult> ListAsync(HttpRequest request, FactorTraceDb db, CancellationToken cancellationToken)
    {
        if (Ledger.Paging.Read(request.Query, out var offset, out var limit) is { } badPage)
        {
            return badPage;
        }

        var query = db.Imports.AsNoTracking();
        if (request.Query["status"].FirstOrDefault() is { Length: > 0 } status)
        {
            query = query.Where(i => i.Status == status);
        }

        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var items = await query.OrderByDescending(i => i.CreatedAt).Skip(offset).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { items = items.Select(ImportView.Brief), total, offset, limit });
    }

    private static async Task<IResult> GetAsync(Guid id, TenantContext tenant, FactorTraceDb db, ImportService imports, ImportProgress progress, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var import = await FindAsync(db, id, tracked: false, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "import", id, cancellationToken).ConfigureAwait(false);
        }

        var result = await imports.DescribeAsync(db, import, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ImportView.From(result, progress.Get(id)));
    }

    private static async Task<IResult> RemapAsync(
        Guid id, HttpRequest request, TenantContext tenant, FactorTraceDb db, ImportService imports, ImportProgress progress, CrossTenantGuard guard, AuditLog audit, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<MappingChange>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var import = await FindAsync(db, id, tracked: true, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "import", id, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var result = await imports.RemapAsync(db, import, body.Value!, cancellationToken, audit: _ => audit.Event(tenant.Caller, "import.mapping", "import", id.ToString()))
                .ConfigureAwait(false);
            return TypedResults.Ok(ImportView.From(result, progress.Get(id)));
        }
        catch (ImportException ex)
        {
            return Problem(ex);
        }
    }

    private static async Task<IResult> PatchAsync(
        Guid id, HttpRequest request, TenantContext tenant, FactorTraceDb db, ImportService imports, ImportProgress progress, CrossTenantGuard guard, AuditLog audit, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CellsBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (body.Value!.Cells is not { Count: > 0 } cells)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Field 'cells' is required: [{row, column, value}].", "cells");
        }

        if (cells.ToList().FindIndex(c => c is null || c.Row is null || string.IsNullOrEmpty(c.Column) || c.Value is null) is var incomplete and >= 0)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Each cell needs row, column (header or index) and value.", $"cells[{incomplete}]");
        }

        var import = await FindAsync(db, id, tracked: true, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "import", id, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var result = await imports.PatchAsync(db, import, cells.Select(c => (c.Row!.Value, c.Column!, c.Value!)).ToList(), cancellationToken,
                audit: _ => audit.Event(tenant.Caller, "import.patch", "import", id.ToString(), $"{cells.Count} cell(s)")).ConfigureAwait(false);
            return TypedResults.Ok(ImportView.From(result, progress.Get(id)));
        }
        catch (ImportException ex)
        {
            return Problem(ex);
        }
    }

    private static async Task<IResult> ReplaceFileAsync(
        Guid id, HttpContext context, TenantContext tenant, FactorTraceDb db, ImportService imports, ImportProgress progress, CrossTenantGuard guard, AuditLog audit,
        IOptions<ImportOptions> options, CancellationToken cancellationToken)
    {
        var import = await FindAsync(db, id, tracked: true, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "import", id, cancellationToken).ConfigureAwait(false);
        }

        var upload = await ReadUploadAsync(context, imports, options.Value, cancellationToken).ConfigureAwait(false);
        if (upload.Problem is { } problem)
        {
            return problem;
        }

        try
        {
            var result = await imports.ReplaceFileAsync(db, import, upload.FileName!, upload.File!, cancellationToken,
                audit: r => audit.Event(tenant.Caller, "import.reupload", "import", id.ToString(), r.Import.FileName)).ConfigureAwait(false);
            return TypedResults.Ok(ImportView.From(result, progress.Get(id)));
        }
        catch (ImportException ex)
        {
            return Problem(ex);
        }
    }

    private static async Task<IResult> ErrorsAsync(Guid id, HttpContext context, TenantContext tenant, FactorTraceDb db, ImportService imports, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var import = await FindAsync(db, id, tracked: false, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "import", id, cancellationToken).ConfigureAwait(false);
        }

        var severity = context.Request.Query["severity"].FirstOrDefault();
        if (severity is not (null or "" or ImportIssue.Error or ImportIssue.Warning))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_parameter", "severity must be error or warning.", "severity", [ImportIssue.Error, ImportIssue.Warning]);
        }

        var format = Format(context.Request);
        var csv = format == "csv";
        var response = context.Response;
        response.ContentType = format switch { "csv" => "text/csv; charset=utf-8", "xlsx" => XlsxExport.MediaType, _ => "application/json; charset=utf-8" };
        if (format != "json")
        {
            response.Headers.ContentDisposition = $"attachment; filename=\"import-{id}-errors.{format}\"";
        }

        // Issues stream from a fresh pass over the file straight into the response: memory stays flat however many there are.
        AllowSynchronousWrites(context);

        await Task.Run(
            () =>
            {
                if (format == "xlsx")
                {
                    using var xlsx = new XlsxExport(response.Body);
                    xlsx.Row(["row", "column", "value", "code", "severity", "message", "suggestion"]);
                    imports.Issues(import, issue =>
                    {
                        if (severity is not { Length: > 0 } || issue.Severity == severity)
                        {
                            xlsx.Row([issue.Row is { } r ? (double)r : null, issue.Column, issue.Value, issue.Code, issue.Severity, issue.Message, issue.Suggestion]);
                        }
                    }, cancellationToken);
                    return;
                }

                using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                long count = 0;
                if (csv)
                {
                    writer.Write("row,column,value,code,severity,message,suggestion\r\n");
                }
                else
                {
                    writer.Write("{\"import_id\":\"");
                    writer.Write(id.ToString());
                    writer.Write("\",\"issues\":[");
                }

                imports.Issues(import, issue =>
                {
                    if (severity is { Length: > 0 } && issue.Severity != severity)
                    {
                        return;
                    }

                    if (csv)
                    {
                        CsvExport.WriteRow(writer, [issue.Row?.ToString(CultureInfo.InvariantCulture), issue.Column, issue.Value, issue.Code, issue.Severity, issue.Message, issue.Suggestion]);
                    }
                    else
                    {
                        writer.Write(count == 0 ? "" : ",");
                        writer.Write(JsonSerializer.Serialize(issue, ApiJson.Options));
                    }

                    count++;
                }, cancellationToken);
                if (!csv)
                {
                    writer.Write("],\"total\":");
                    writer.Write(count.ToString(CultureInfo.InvariantCulture));
                    writer.Write('}');
                }
            },
            cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }

    private static async Task<IResult> CommitAsync(
        Guid id, HttpRequest request, TenantContext tenant, FactorTraceDb db, ImportService imports, CrossTenantGuard guard, AuditLog audit, ServiceMetrics metrics,
        CancellationToken cancellationToken)
    {
        var import = await FindAsync(db, id, tracked: false, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "import", id, cancellationToken).ConfigureAwait(false);
        }

        var allowDuplicate = Flag(request, "allow_duplicate");
        var strict = Flag(request, "strict");
        try
        {
            // The commit finishes even if the client goes away: it is one transaction either way.
            var result = await imports.CommitAsync(db, import, allowDuplicate, strict, CancellationToken.None,
                audit: r => audit.Event(tenant.Caller, "import.commit", "import", id.ToString(), ImportAuditDetails.Committed(r))).ConfigureAwait(false);
            metrics.Import("commit", "ok");
            metrics.ImportRows(result.Stored, result.SkippedInvalid);
            return TypedResults.Ok(new
            {
                id,
                status = import.Status,
                stored = result.Stored,
                skipped_invalid = result.SkippedInvalid,
                summary = new SummaryView(result.Summary.Rows, result.Summary.Valid, result.Summary.Invalid, result.Summary.Warnings),
            });
        }
        catch (ImportException ex)
        {
            metrics.Import("commit", ex.Code);
            return Problem(ex);
        }
    }

    private static async Task<IResult> DeleteAsync(
        Guid id, TenantContext tenant, FactorTraceDb db, ImportService imports, CrossTenantGuard guard, AuditLog audit, ServiceMetrics metrics, CancellationToken cancellationToken)
    {
        var import = await FindAsync(db, id, tracked: false, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "import", id, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (import.Status == ImportStatuses.Validated)
            {
                await imports.DiscardAsync(db, import, cancellationToken, audit: () => audit.Event(tenant.Caller, "import.discard", "import", id.ToString())).ConfigureAwait(false);
                return TypedResults.NoContent();
            }

            var deleted = await imports.RollbackAsync(db, import, cancellationToken,
                audit: n => audit.Event(tenant.Caller, "import.rollback", "import", id.ToString(), ImportAuditDetails.RolledBack(n))).ConfigureAwait(false);
            metrics.Import("rollback", "ok");
            return TypedResults.Ok(new { id, status = import.Status, deleted });
        }
        catch (ImportException ex)
        {
            return Problem(ex);
        }
    }

    private static async Task<IResult> RecordsAsync(Guid id, HttpContext context, TenantContext tenant, FactorTraceDb db, CrossTenantGuard guard, CancellationToken cancellationToken)
    {
        var import = await FindAsync(db, id, tracked: false, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "import", id, cancellationToken).ConfigureAwait(false);
        }

        var format = Format(context.Request) == "xlsx" ? "xlsx" : "csv";
        var response = context.Response;
        response.ContentType = format == "xlsx" ? XlsxExport.MediaType : "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"import-{id}-records.{format}\"";
        AllowSynchronousWrites(context);

        // Records stream from the database into the response.
        await Task.Run(
            () =>
            {
                var records = db.ActivityRecords.AsNoTracking().Where(r => r.ImportId == id).OrderBy(r => r.Id).AsEnumerable();
                if (format == "xlsx")
                {
                    using var xlsx = new XlsxExport(response.Body);
                    xlsx.Row(CsvExport.RecordHeader.TrimEnd().Split(','));
                    foreach (var r in records)
                    {
                        xlsx.Row(CsvExport.RecordCells(r));
                    }

                    return;
                }

                using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                writer.Write(CsvExport.RecordHeader);
                foreach (var r in records)
                {
                    CsvExport.WriteRecord(writer, r);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }

    /// <summary>Exports are written by a pass that runs on a pool thread of its own, synchronously.</summary>
    private static void AllowSynchronousWrites(HttpContext context)
    {
        if (context.Features.Get<IHttpBodyControlFeature>() is { } bodyControl)
        {
            bodyControl.AllowSynchronousIO = true;
        }
    }

    private static Task<ActivityImport?> FindAsync(FactorTraceDb db, Guid id, bool tracked, CancellationToken cancellationToken) =>
        (tracked ? db.Imports : db.Imports.AsNoTracking()).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);

    private static bool Flag(HttpRequest request, string name) =>
        request.Query[name].FirstOrDefault() is { } value && (value.Length == 0 || value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");

    /// <summary>json, csv or xlsx, from <c>?format=</c> or the Accept header.</summary>
    private static string Format(HttpRequest request)
    {
        if (request.Query["format"].FirstOrDefault() is { } format && format is "csv" or "xlsx" or "json")
        {
            return format;
        }

        var accept = request.GetTypedHeaders().Accept;
        return accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)) ? "csv"
            : accept.Any(a => a.MediaType.Equals(XlsxExport.MediaType, StringComparison.OrdinalIgnoreCase)) ? "xlsx"
            : "json";
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(ImportException ex) => ex.Code switch
    {
        "file_too_large" => Problems.Create(StatusCodes.Status413PayloadTooLarge, ex.Code, ex.Message, "file"),
        "duplicate_import" or "import_not_editable" or "import_not_committed" => Problems.Create(StatusCodes.Status409Conflict, ex.Code, ex.Message),
        "template_not_found" => Problems.Create(StatusCodes.Status422UnprocessableEntity, ex.Code, ex.Message, "template"),
        "invalid_mapping" => Problems.Create(StatusCodes.Status422UnprocessableEntity, ex.Code, ex.Message, "mapping"),
        "invalid_template" => Problems.Create(StatusCodes.Status422UnprocessableEntity, ex.Code, ex.Message, "save_as_template"),
        "invalid_patch" => Problems.Create(StatusCodes.Status422UnprocessableEntity, ex.Code, ex.Message, "cells"),
        _ => Problems.Create(StatusCodes.Status422UnprocessableEntity, ex.Code, ex.Message, "file"),
    };

    private sealed record Upload(string? FileName, StagedFile? File, string? Template, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem);

    /// <summary>Streams the multipart 'file' part to a staging file (never buffered in memory); the body limit is raised to the import limit.</summary>
    private static async Task<Upload> ReadUploadAsync(HttpContext context, ImportService imports, ImportOptions options, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return new(null, null, null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                "Upload the file as multipart/form-data with the file in a field named 'file'."));
        }

        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return new(null, null, null, Problems.Create(StatusCodes.Status400BadRequest, "invalid_multipart", "The multipart body has no boundary."));
        }

        // A declared length already past the limit is refused before a byte is read (clients sending
        // "Expect: 100-continue" then never send the body).
        if (request.ContentLength is { } declared && declared > options.MaxFileBytes + (1024 * 1024))
        {
            return new(null, null, null, Problem(ImportException.FileTooLarge(options.MaxFileBytes, declared)));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Room for the file plus the multipart framing and small fields.
            limit.MaxRequestBodySize = options.MaxFileBytes + (1024 * 1024);
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        StagedFile? file = null;
        string? fileName = null, template = null;
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == "file" && file is null)
                {
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "upload";
                    file = await imports.ReceiveAsync(section.Body, cancellationToken).ConfigureAwait(false);
                }
                else if (name == "template")
                {
                    using var text = new StreamReader(section.Body, Encoding.UTF8);
                    template = (await text.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).Trim();
                }
            }
        }
        catch (ImportException ex)
        {
            return new(null, null, null, Problem(ex));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            DeleteQuietly(file);
            return new(null, null, null, Problem(ImportException.FileTooLarge(options.MaxFileBytes)));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            DeleteQuietly(file);
            return new(null, null, null, Problems.Create(StatusCodes.Status400BadRequest, "invalid_multipart", $"The multipart body cannot be read: {ex.Message}"));
        }

        if (file is null)
        {
            return new(null, null, null, Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "The multipart body has no field named 'file'.", "file"));
        }

        return new(fileName, file, string.IsNullOrEmpty(template) ? null : template, null);
    }

    private static void DeleteQuietly(StagedFile? file)
    {
        if (file is not null)
        {
            File.Delete(file.Path);
        }
    }
}

/// <summary>Cell corrections.</summary>
internal sealed record CellsBody(IReadOnlyList<CellBody>? Cells);

/// <summary>A cell correction: file row number, column header (or index) and the new text.</summary>
internal sealed record CellBody(long? Row, string? Column, string? Value);
