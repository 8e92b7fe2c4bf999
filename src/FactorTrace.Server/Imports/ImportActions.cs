using FactorTrace.Data;
using FactorTrace.Data.Imports;
using FactorTrace.Import;
using FactorTrace.Import.Storage;
using FactorTrace.Server.Observability;
using FactorTrace.Server.Tenancy;
using FactorTrace.Usage;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Imports;

/// <summary>
/// What the import API and the import pages both do to an import: the importer's call with its audit event and metrics.
/// Each refusal is an <see cref="ImportException"/> (the API answers it with <see cref="ImportProblems"/>, a page in words).
/// </summary>
internal sealed class ImportActions(FactorTraceDb db, ImportService imports, AuditLog audit, ServiceMetrics metrics, UsageMeter usage)
{
    public ImportService Service => imports;

    /// <summary>The caller's import (another tenant's is not found: query filters and row-level security).</summary>
    public Task<ActivityImport?> FindAsync(Guid id, bool tracked, CancellationToken cancellationToken) => ImportEndpoints.FindAsync(db, id, tracked, cancellationToken);

    /// <summary>A staged upload becomes an import, mapped with the named template when given.</summary>
    public async Task<ImportResult> CreateAsync(TenantContext tenant, string fileName, StagedFile file, string? template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        try
        {
            var result = await imports.CreateAsync(db, tenant.TenantId, tenant.Caller.Actor, fileName, file, template, cancellationToken,
                audit: r => audit.Event(tenant.Caller, "import.create", "import", r.Import.Id.ToString(), ImportAuditDetails.Created(r))).ConfigureAwait(false);
            metrics.Import("upload", "ok");
            return result;
        }
        catch (ImportException ex)
        {
            metrics.Import("upload", ex.Code);
            throw;
        }
    }

    public Task<ImportResult> RemapAsync(TenantContext tenant, ActivityImport import, MappingChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(import);
        return imports.RemapAsync(db, import, change, cancellationToken, audit: _ => audit.Event(tenant.Caller, "import.mapping", "import", import.Id.ToString()));
    }

    /// <summary>
    /// Maps an uploaded import's columns as a saved template does (by header, as at upload), with its defaults and value
    /// maps; columns the template does not name keep their mapping.
    /// </summary>
    public async Task<ImportResult> ApplyTemplateAsync(TenantContext tenant, ActivityImport import, string templateName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(import);
        var stored = await db.MappingTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Name == templateName, cancellationToken).ConfigureAwait(false)
            ?? throw new ImportException("template_not_found", $"There is no mapping template named '{templateName}'.");
        var template = ImportJson.ReadMapping(stored.Mapping);
        var headers = ImportJson.ReadMapping(import.Mapping).Columns.Select(c => c.Header).ToHashSet(StringComparer.Ordinal);
        var change = new MappingChange
        {
            Columns = [.. template.Columns.Where(c => headers.Contains(c.Header)).Select(c => new ColumnChange(c.Header, c.Field, c.NumberFormat, c.DateOrder, c.Unit, c.Currency))],
            Defaults = template.Defaults.Count > 0 ? template.Defaults : null,
            Values = template.Values.Count > 0 ? template.Values : null,
        };
        var result = await RemapAsync(tenant, import, change, cancellationToken).ConfigureAwait(false);
        result.Import.Template = stored.Name;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    public Task<ImportResult> PatchAsync(TenantContext tenant, ActivityImport import, IReadOnlyList<(long Row, string Column, string Value)> cells, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(cells);
        return imports.PatchAsync(db, import, cells, cancellationToken, audit: _ => audit.Event(tenant.Caller, "import.patch", "import", import.Id.ToString(), $"{cells.Count} cell(s)"));
    }

    public Task<ImportResult> ReplaceFileAsync(TenantContext tenant, ActivityImport import, string fileName, StagedFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(import);
        return imports.ReplaceFileAsync(db, import, fileName, file, cancellationToken, audit: r => audit.Event(tenant.Caller, "import.reupload", "import", import.Id.ToString(), r.Import.FileName));
    }

    /// <summary>Stores the valid rows; it finishes even when the client goes away (one transaction either way).</summary>
    public async Task<CommitResult> CommitAsync(TenantContext tenant, ActivityImport import, bool allowDuplicate, bool strict)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(import);
        try
        {
            var result = await imports.CommitAsync(db, import, allowDuplicate, strict, CancellationToken.None,
                audit: r => audit.Event(tenant.Caller, "import.commit", "import", import.Id.ToString(), ImportAuditDetails.Committed(r))).ConfigureAwait(false);
            metrics.Import("commit", "ok");
            metrics.ImportRows(result.Stored, result.SkippedInvalid);
            usage.Add(tenant.TenantId, Meters.Imports);
            usage.Add(tenant.TenantId, Meters.ImportedRows, result.Stored);
            return result;
        }
        catch (ImportException ex)
        {
            metrics.Import("commit", ex.Code);
            throw;
        }
    }

    /// <summary>Rolls a committed import back (the records deleted, returned), or discards one never committed with its file (null).</summary>
    public async Task<long?> RollBackOrDiscardAsync(TenantContext tenant, ActivityImport import, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(import);
        if (import.Status == ImportStatuses.Validated)
        {
            await imports.DiscardAsync(db, import, cancellationToken, audit: () => audit.Event(tenant.Caller, "import.discard", "import", import.Id.ToString())).ConfigureAwait(false);
            return null;
        }

        var deleted = await imports.RollbackAsync(db, import, cancellationToken,
            audit: n => audit.Event(tenant.Caller, "import.rollback", "import", import.Id.ToString(), ImportAuditDetails.RolledBack(n))).ConfigureAwait(false);
        metrics.Import("rollback", "ok");
        return deleted;
    }
}
