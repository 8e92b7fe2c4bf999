using FactorTrace.Data;
using FactorTrace.Data.Imports;
using FactorTrace.Import;
using FactorTrace.Import.Storage;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Observability;
using FactorTrace.Server.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Imports;

/// <summary>
/// Activity imports: upload (multipart, <see cref="ImportUploadReader"/>), status and preview, mapping edits, cell
/// patches, re-upload, commit, rollback; the issue list and the committed records are exports
/// (<see cref="ImportExportEndpoints"/>).
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
        imports.MapGet("/{id:guid}/errors", ImportExportEndpoints.ErrorsAsync).RequireAuthorization(Policies.Reader).WithSummary("Every issue: JSON, CSV (Accept: text/csv) or XLSX.");
        imports.MapPost("/{id:guid}/commit", CommitAsync).RequireAuthorization(Policies.Editor).Produces(StatusCodes.Status200OK, contentType: "application/json");
        imports.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Editor)
            .Produces(StatusCodes.Status200OK, contentType: "application/json").Produces(StatusCodes.Status204NoContent).WithSummary("Rolls back a committed import, or discards one not committed.");
        imports.MapGet("/{id:guid}/records", ImportExportEndpoints.RecordsAsync).RequireAuthorization(Policies.Reader).WithSummary("The committed records as CSV or XLSX (formula-like text neutralized).");
        return api;
    }

    private static async Task<IResult> CreateAsync(
        HttpContext context, [AsParameters] ImportHandlerServices services, ServiceMetrics metrics, IOptions<ImportOptions> options, CancellationToken cancellationToken)
    {
        var (tenant, imports, progress, _, actions) = services;
        var upload = await ImportUploadReader.ReadAsync(context, imports, options.Value, cancellationToken).ConfigureAwait(false);
        if (upload.Problem is { } problem)
        {
            metrics.Import("upload", (problem.ProblemDetails.Extensions.TryGetValue("code", out var code) ? code as string : null) ?? "invalid_upload");
            return problem;
        }

        try
        {
            var template = upload.Template ?? context.Request.Query["template"].FirstOrDefault();
            var result = await actions.CreateAsync(tenant, upload.FileName!, upload.File!, template, cancellationToken).ConfigureAwait(false);
            return TypedResults.Created($"/api/v1/imports/{result.Import.Id}", ImportView.From(result, progress.Get(result.Import.Id)));
        }
        catch (ImportException ex)
        {
            return ImportProblems.For(ex);
        }
    }

    private static async Task<IResult> ListAsync(HttpRequest request, FactorTraceDb db, CancellationToken cancellationToken)
    {
        if (Paging.Read(request.Query, out var offset, out var limit) is { } badPage)
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
        Guid id, HttpRequest request, [AsParameters] ImportHandlerServices services, CancellationToken cancellationToken)
    {
        var (tenant, _, progress, guard, actions) = services;
        var body = await JsonBody.ReadAsync<MappingChange>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var import = await actions.FindAsync(id, tracked: true, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "import", id, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var result = await actions.RemapAsync(tenant, import, body.Value!, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(ImportView.From(result, progress.Get(id)));
        }
        catch (ImportException ex)
        {
            return ImportProblems.For(ex);
        }
    }

    private static async Task<IResult> PatchAsync(
        Guid id, HttpRequest request, [AsParameters] ImportHandlerServices services, CancellationToken cancellationToken)
    {
        var (tenant, _, progress, guard, actions) = services;
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

        var import = await actions.FindAsync(id, tracked: true, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "import", id, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var result = await actions.PatchAsync(tenant, import, cells.Select(c => (c.Row!.Value, c.Column!, c.Value!)).ToList(), cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(ImportView.From(result, progress.Get(id)));
        }
        catch (ImportException ex)
        {
            return ImportProblems.For(ex);
        }
    }

    private static async Task<IResult> ReplaceFileAsync(
        Guid id, HttpContext context, [AsParameters] ImportHandlerServices services, IOptions<ImportOptions> options, CancellationToken cancellationToken)
    {
        var (tenant, imports, progress, guard, actions) = services;
        var import = await actions.FindAsync(id, tracked: true, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "import", id, cancellationToken).ConfigureAwait(false);
        }

        var upload = await ImportUploadReader.ReadAsync(context, imports, options.Value, cancellationToken).ConfigureAwait(false);
        if (upload.Problem is { } problem)
        {
            return problem;
        }

        try
        {
            var result = await actions.ReplaceFileAsync(tenant, import, upload.FileName!, upload.File!, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(ImportView.From(result, progress.Get(id)));
        }
        catch (ImportException ex)
        {
            return ImportProblems.For(ex);
        }
    }

    private static async Task<IResult> CommitAsync(
        Guid id, HttpRequest request, [AsParameters] ImportHandlerServices services, CancellationToken cancellationToken)
    {
        var (tenant, _, _, guard, actions) = services;
        var import = await actions.FindAsync(id, tracked: false, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "import", id, cancellationToken).ConfigureAwait(false);
        }

        var allowDuplicate = Flag(request, "allow_duplicate");
        var strict = Flag(request, "strict");
        try
        {
            var result = await actions.CommitAsync(tenant, import, allowDuplicate, strict).ConfigureAwait(false);
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
            return ImportProblems.For(ex);
        }
    }

    private static async Task<IResult> DeleteAsync(
        Guid id, [AsParameters] ImportHandlerServices services, CancellationToken cancellationToken)
    {
        var (tenant, _, _, guard, actions) = services;
        var import = await actions.FindAsync(id, tracked: false, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return await guard.NotFoundAsync(tenant.Caller, "import", id, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var deleted = await actions.RollBackOrDiscardAsync(tenant, import, cancellationToken).ConfigureAwait(false);
            return deleted is null ? TypedResults.NoContent() : TypedResults.Ok(new { id, status = import.Status, deleted });
        }
        catch (ImportException ex)
        {
            return ImportProblems.For(ex);
        }
    }

    internal static Task<ActivityImport?> FindAsync(FactorTraceDb db, Guid id, bool tracked, CancellationToken cancellationToken) =>
        (tracked ? db.Imports : db.Imports.AsNoTracking()).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);

    private static bool Flag(HttpRequest request, string name) =>
        request.Query[name].FirstOrDefault() is { } value && (value.Length == 0 || value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");
}

/// <summary>Cell corrections.</summary>
internal sealed record CellsBody(IReadOnlyList<CellBody>? Cells);

/// <summary>A cell correction: file row number, column header (or index) and the new text.</summary>
internal sealed record CellBody(long? Row, string? Column, string? Value);

/// <summary>
/// What the import handlers that change an import work with: the caller's tenant, the importer, the progress of running
/// commits, the cross-tenant guard and the actions shared with the pages (bound with <c>[AsParameters]</c>).
/// </summary>
internal readonly record struct ImportHandlerServices(
    TenantContext Tenant, ImportService Imports, ImportProgress Progress, CrossTenantGuard Guard, ImportActions Actions);
