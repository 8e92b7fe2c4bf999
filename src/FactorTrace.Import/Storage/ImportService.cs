using System.Security.Cryptography;
using FactorTrace.Data;
using FactorTrace.Data.Audit;
using FactorTrace.Data.Imports;
using FactorTrace.Data.Ledger;
using FactorTrace.Import.Mapping;
using FactorTrace.Import.Normalization;
using FactorTrace.Import.Processing;
using FactorTrace.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace FactorTrace.Import.Storage;

/// <summary>
/// The import workflow on a tenant's database context: receive a file, analyze and validate it, change its mapping or
/// patch cells (each re-validates), list its issues, commit it atomically, roll it back, discard it; and the tenant's
/// mapping templates.
/// </summary>
public sealed class ImportService(IOptions<ImportOptions> options, ImportProgress progress, TimeProvider time, IActivityMatcher? matcher = null)
{
    private const int HistoryImports = 20;

    private readonly ImportOptions _options = options.Value;

    /// <summary>Folder holding uploaded files.</summary>
    public string StorageDirectory => _options.StorageDirectory;

    private ImportProcessor Processor => new(_options, matcher);

    /// <summary>Copies an upload to a staging file, hashing it and refusing it past the size limit.</summary>
    public async Task<StagedFile> ReceiveAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(Path.Combine(StorageDirectory, "incoming"));
        var path = Path.Combine(StorageDirectory, "incoming", Guid.NewGuid().ToString("N"));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        try
        {
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    size += n;
                    if (size > _options.MaxFileBytes)
                    {
                        throw ImportException.FileTooLarge(_options.MaxFileBytes);
                    }

                    sha.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return new StagedFile(path, Convert.ToHexStringLower(sha.GetHashAndReset()), size);
    }

    /// <summary>
    /// Creates an import from a staged file: analyzes, maps (with the named template), validates and stores it. Without
    /// <paramref name="validate"/> only the preview rows are converted and the counts stay zero until the commit pass
    /// counts them (a caller that commits at once reads the file one time less); <see cref="RecountAsync"/> fills them
    /// in when that commit does not happen.
    /// </summary>
    public async Task<ImportResult> CreateAsync(
        FactorTraceDb db, Guid tenantId, string actor, string fileName, StagedFile staged, string? templateName, CancellationToken cancellationToken, bool validate = true)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(staged);
        try
        {
            ImportMapping? template = null;
            if (!string.IsNullOrWhiteSpace(templateName))
            {
                var stored = await db.MappingTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Name == templateName, cancellationToken).ConfigureAwait(false)
                    ?? throw new ImportException("template_not_found", $"There is no mapping template named '{templateName}'.");
                template = ImportJson.ReadMapping(stored.Mapping);
            }

            var history = await HistoryAsync(db, cancellationToken).ConfigureAwait(false);
            var analysis = await Task.Run(() => Processor.Analyze(staged.Path, history, template), cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow().UtcDateTime;
            var import = new ActivityImport
            {
                Id = Guid.NewGuid(),
                TenantId = tenantId,
                FileName = SafeName(fileName),
                Format = analysis.Layout.Format,
                FileSha256 = staged.Sha256,
                SizeBytes = staged.Size,
                Template = template is null ? null : templateName,
                CreatedBy = actor.Length > 200 ? actor[..200] : actor,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var path = FilePath(import);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(staged.Path, path);
            var result = await ValidateAsync(import, analysis, new CellPatches(), cancellationToken, validate ? long.MaxValue : _options.PreviewRows).ConfigureAwait(false);
            db.Imports.Add(import);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return result with { Duplicates = await DuplicatesAsync(db, import, cancellationToken).ConfigureAwait(false) };
        }
        finally
        {
            File.Delete(staged.Path);
        }
    }

    /// <summary>The import with a fresh preview (first rows only; counts as last validated).</summary>
    public async Task<ImportResult> DescribeAsync(FactorTraceDb db, ActivityImport import, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(import);
        var stored = ImportJson.ReadLayout(import.Layout);
        var analysis = new ImportAnalysis(stored.Layout, ImportJson.ReadMapping(import.Mapping), stored.Notes);
        var preview = new List<ConvertedRow>();
        if (File.Exists(FilePath(import)))
        {
            await Task.Run(
                () => Processor.Scan(FilePath(import), analysis.Layout, analysis.Mapping, analysis.Notes, ImportJson.ReadPatches(import.Patches), _options.PreviewRows, preview.Add,
                    _options.PreviewRows, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }

        var summary = new ValidationSummary { Rows = import.Rows, Valid = import.Valid, Invalid = import.Invalid, Warnings = import.Warnings };
        return new ImportResult(import, analysis, preview, summary, await DuplicatesAsync(db, import, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Changes the mapping, optionally saves it as a template, and validates again.</summary>
    public async Task<ImportResult> RemapAsync(FactorTraceDb db, ActivityImport import, MappingChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(change);
        EnsureEditable(import);
        var stored = ImportJson.ReadLayout(import.Layout);
        var mapping = ImportJson.ReadMapping(import.Mapping);
        var layout = stored.Layout;
        if (change.HeaderRow is { } headerRow && headerRow != layout.HeaderRow)
        {
            if (headerRow < 0)
            {
                throw new ImportException("invalid_mapping", "header_row must be 0 (no header) or a row number.");
            }

            var history = await HistoryAsync(db, cancellationToken).ConfigureAwait(false);
            var again = await Task.Run(() => Processor.Analyze(FilePath(import), history, null, headerRow), cancellationToken).ConfigureAwait(false);
            layout = again.Layout;
            mapping = again.Mapping;
        }

        mapping = Apply(mapping, change);
        var (refined, notes) = await Task.Run(() => Processor.Refine(FilePath(import), layout, mapping), cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(change.SaveAsTemplate))
        {
            await SaveTemplateAsync(db, import.TenantId, change.SaveAsTemplate.Trim(), refined, cancellationToken).ConfigureAwait(false);
            import.Template = change.SaveAsTemplate.Trim();
        }

        var result = await ValidateAsync(import, new ImportAnalysis(layout, refined, notes), ImportJson.ReadPatches(import.Patches), cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return result with { Duplicates = await DuplicatesAsync(db, import, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>Sets cells (by row number and header or index) and validates again.</summary>
    public async Task<ImportResult> PatchAsync(FactorTraceDb db, ActivityImport import, IReadOnlyList<(long Row, string Column, string Value)> cells, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(cells);
        EnsureEditable(import);
        var stored = ImportJson.ReadLayout(import.Layout);
        var patches = ImportJson.ReadPatches(import.Patches);
        foreach (var (row, column, value) in cells)
        {
            if (row <= (stored.Layout.HeaderRow ?? 0))
            {
                throw new ImportException("invalid_patch", $"Row {row} is not a data row (the header is row {stored.Layout.HeaderRow}).");
            }

            patches.Set(row, ColumnIndex(stored.Layout.Headers, column), value ?? "");
        }

        var mapping = ImportJson.ReadMapping(import.Mapping);
        var result = await ValidateAsync(import, new ImportAnalysis(stored.Layout, mapping, stored.Notes), patches, cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return result with { Duplicates = await DuplicatesAsync(db, import, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>Replaces the file (a corrected re-upload): the mapping is kept by header, patches are dropped, and it is validated again.</summary>
    public async Task<ImportResult> ReplaceFileAsync(FactorTraceDb db, ActivityImport import, string fileName, StagedFile staged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(staged);
        try
        {
            EnsureEditable(import);
            var current = ImportJson.ReadMapping(import.Mapping) with { HeaderRow = null };
            var history = await HistoryAsync(db, cancellationToken).ConfigureAwait(false);
            var analysis = await Task.Run(() => Processor.Analyze(staged.Path, history, current), cancellationToken).ConfigureAwait(false);
            File.Move(staged.Path, FilePath(import), overwrite: true);
            import.FileName = SafeName(fileName);
            import.FileSha256 = staged.Sha256;
            import.SizeBytes = staged.Size;
            import.Format = analysis.Layout.Format;
            var result = await ValidateAsync(import, analysis, new CellPatches(), cancellationToken).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return result with { Duplicates = await DuplicatesAsync(db, import, cancellationToken).ConfigureAwait(false) };
        }
        finally
        {
            File.Delete(staged.Path);
        }
    }

    /// <summary>Validates the whole file again and stores the counts (after <see cref="CreateAsync"/> without validation).</summary>
    public async Task<ImportResult> RecountAsync(FactorTraceDb db, ActivityImport import, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(import);
        var stored = ImportJson.ReadLayout(import.Layout);
        var analysis = new ImportAnalysis(stored.Layout, ImportJson.ReadMapping(import.Mapping), stored.Notes);
        var result = await ValidateAsync(import, analysis, ImportJson.ReadPatches(import.Patches), cancellationToken).ConfigureAwait(false);
        await db.Imports.Where(i => i.Id == import.Id).ExecuteUpdateAsync(
            u => u.SetProperty(i => i.Rows, import.Rows).SetProperty(i => i.Valid, import.Valid).SetProperty(i => i.Invalid, import.Invalid)
                .SetProperty(i => i.Warnings, import.Warnings),
            cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Streams the import's issues (column notes first, then rows in order).</summary>
    public void Issues(ActivityImport import, Action<ImportIssue> visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(visit);
        var stored = ImportJson.ReadLayout(import.Layout);
        foreach (var note in stored.Notes)
        {
            visit(note);
        }

        Processor.Scan(FilePath(import), stored.Layout, ImportJson.ReadMapping(import.Mapping), stored.Notes, ImportJson.ReadPatches(import.Patches), 0,
            row =>
            {
                foreach (var issue in row.Issues)
                {
                    visit(issue);
                }
            },
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Stores every valid row as an activity record in one transaction with the import's new status: all or nothing.
    /// Refused when another commit of the same file exists (unless <paramref name="allowDuplicate"/>) or, with
    /// <paramref name="strict"/>, when any row has an error. <paramref name="observe"/> sees every converted row, on the
    /// reading thread, so a caller can list issues or show rows without another pass over the file. <paramref name="audit"/>
    /// makes the audit event, which is stored in the commit's own transaction.
    /// </summary>
    public async Task<CommitResult> CommitAsync(
        FactorTraceDb db, ActivityImport import, bool allowDuplicate, bool strict, CancellationToken cancellationToken, Action<ConvertedRow>? observe = null,
        Func<CommitResult, AuditEvent>? audit = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(import);
        EnsureEditable(import);
        if (!allowDuplicate && await db.Imports.AsNoTracking().AnyAsync(i => i.Id != import.Id && i.FileSha256 == import.FileSha256 && i.Status == ImportStatuses.Committed, cancellationToken).ConfigureAwait(false))
        {
            throw new ImportException("duplicate_import", "The same file (by SHA-256) was already committed; roll that import back first, or commit with allow_duplicate.");
        }

        if (strict && import.Invalid > 0)
        {
            throw new ImportException("import_has_errors", $"{import.Invalid:N0} rows have errors; fix them, or commit without strict to store only the valid rows.");
        }

        var stored = ImportJson.ReadLayout(import.Layout);
        var mapping = ImportJson.ReadMapping(import.Mapping);
        var patches = ImportJson.ReadPatches(import.Patches);
        var total = import.Rows;
        progress.Report(import.Id, "writing", 0, total);
        try
        {
            return await Task.Run(
                () =>
                {
                    using var transaction = db.Database.BeginTransaction();
                    var now = time.GetUtcNow().UtcDateTime;
                    // Claims the import inside the transaction: a concurrent commit of the same import finds no row to update.
                    var claimed = db.Imports.Where(i => i.Id == import.Id && i.Status == ImportStatuses.Validated)
                        .ExecuteUpdate(s => s.SetProperty(i => i.Status, ImportStatuses.Committed).SetProperty(i => i.UpdatedAt, now));
                    if (claimed != 1)
                    {
                        throw new ImportException("import_not_editable", "The import is already committed or rolled back.");
                    }

                    using var writer = RecordWriter.Create(db.Database.GetDbConnection(), transaction.GetDbTransaction());
                    long seen = 0;
                    // Reading and converting on one core while the database writes on the other: the two stages
                    // meet in a small bounded channel, so memory stays flat whatever the file's size.
                    var summary = RecordPipeline.Run(
                        (emit, token) => Processor.Scan(FilePath(import), stored.Layout, mapping, stored.Notes, patches, 0,
                            row =>
                            {
                                if (row.Body is { } body)
                                {
                                    var record = new ActivityRecord { Id = Guid.CreateVersion7(), TenantId = import.TenantId, CreatedAt = now, UpdatedAt = now };
                                    ActivityValidation.Apply(body with { ImportId = import.Id }, record);
                                    // Notes are kept exactly as written; the other text fields are trimmed by Apply.
                                    record.Notes = body.Notes;
                                    emit(record);
                                }
                                else if (strict)
                                {
                                    throw new ImportException("import_has_errors", $"Row {row.Row} has errors; nothing was stored.");
                                }

                                observe?.Invoke(row);
                            },
                            cancellationToken: token),
                        record =>
                        {
                            writer.Write(record);
                            if ((++seen & 0xFFF) == 0)
                            {
                                progress.Report(import.Id, "writing", seen, Math.Max(total, seen));
                            }
                        },
                        cancellationToken);
                    progress.Report(import.Id, "finishing", seen, Math.Max(total, seen));
                    writer.Complete();
                    db.Imports.Where(i => i.Id == import.Id).ExecuteUpdate(s => s
                        .SetProperty(i => i.Committed, writer.Written)
                        .SetProperty(i => i.CommittedAt, now)
                        .SetProperty(i => i.Rows, summary.Rows)
                        .SetProperty(i => i.Valid, summary.Valid)
                        .SetProperty(i => i.Invalid, summary.Invalid)
                        .SetProperty(i => i.Warnings, summary.Warnings));
                    var committed = new CommitResult(writer.Written, summary.Invalid, summary);
                    if (audit is not null)
                    {
                        // The audit event is part of the change: both are stored, or neither.
                        db.AuditEvents.Add(audit(committed));
                        db.SaveChanges();
                    }

                    transaction.Commit();
                    import.Status = ImportStatuses.Committed;
                    import.Committed = writer.Written;
                    import.CommittedAt = now;
                    import.UpdatedAt = now;
                    (import.Rows, import.Valid, import.Invalid, import.Warnings) = (summary.Rows, summary.Valid, summary.Invalid, summary.Warnings);
                    return committed;
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            progress.Finish(import.Id);
        }
    }

    /// <summary>Deletes a committed import's records in one transaction and marks it rolled back (with <paramref name="audit"/>'s event in it).</summary>
    public async Task<long> RollbackAsync(FactorTraceDb db, ActivityImport import, CancellationToken cancellationToken, Func<long, AuditEvent>? audit = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(import);
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var now = time.GetUtcNow().UtcDateTime;
            var claimed = await db.Imports.Where(i => i.Id == import.Id && i.Status == ImportStatuses.Committed)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatuses.RolledBack).SetProperty(i => i.RolledBackAt, now).SetProperty(i => i.UpdatedAt, now), cancellationToken)
                .ConfigureAwait(false);
            if (claimed != 1)
            {
                throw new ImportException("import_not_committed", "Only a committed import can be rolled back.");
            }

            var deleted = await db.ActivityRecords.Where(r => r.ImportId == import.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            if (audit is not null)
            {
                db.AuditEvents.Add(audit(deleted));
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            import.Status = ImportStatuses.RolledBack;
            import.RolledBackAt = now;
            return deleted;
        }
    }

    /// <summary>Forgets an import that was never committed, with its file.</summary>
    public async Task DiscardAsync(FactorTraceDb db, ActivityImport import, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(import);
        EnsureEditable(import);
        await db.Imports.Where(i => i.Id == import.Id && i.Status == ImportStatuses.Validated).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        File.Delete(FilePath(import));
    }

    /// <summary>Creates or replaces a named template.</summary>
    public async Task<MappingTemplate> SaveTemplateAsync(FactorTraceDb db, Guid tenantId, string name, ImportMapping mapping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(mapping);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw new ImportException("invalid_template", "A template needs a name of 1 to 100 characters.");
        }

        if (TextSafety.FindUnsafeTrimmed(name) is { } unsafeName)
        {
            throw new ImportException("invalid_template", unsafeName.Describe("The template name"));
        }

        var portable = mapping with
        {
            Columns = mapping.Columns.Where(c => c.Field is not null).Select(c => c with { Method = "template", Confidence = 1 }).ToList(),
            Decisions = [],
        };
        var now = time.GetUtcNow().UtcDateTime;
        var template = await db.MappingTemplates.FirstOrDefaultAsync(t => t.Name == name, cancellationToken).ConfigureAwait(false);
        if (template is null)
        {
            template = new MappingTemplate { Id = Guid.NewGuid(), TenantId = tenantId, Name = name, CreatedAt = now };
            db.MappingTemplates.Add(template);
        }

        template.Mapping = ImportJson.Write(portable);
        template.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return template;
    }

    /// <summary>Validates a template body (fields and formats known).</summary>
    public static ImportMapping CheckTemplate(ImportMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        foreach (var (column, i) in (mapping.Columns ?? []).Select((c, i) => (c, i)))
        {
            if (column is null || string.IsNullOrWhiteSpace(column.Header))
            {
                throw new ImportException("invalid_mapping", $"columns[{i}]: each column needs its header.");
            }

            CheckText("The column header", column.Header);
            CheckColumn(column.Header, column.Field, column.NumberFormat, column.DateOrder, column.Unit, column.Currency);
        }

        CheckDefaults(mapping.Defaults);
        CheckValues(mapping.Values);
        return mapping with { Columns = mapping.Columns ?? [], Defaults = mapping.Defaults ?? new Dictionary<string, string>() };
    }

    /// <summary>Where an import's file is kept.</summary>
    public string FilePath(ActivityImport import)
    {
        ArgumentNullException.ThrowIfNull(import);
        return Path.Combine(StorageDirectory, import.TenantId.ToString("N"), import.Id.ToString("N") + ".upload");
    }

    private async Task<ImportResult> ValidateAsync(ActivityImport import, ImportAnalysis analysis, CellPatches patches, CancellationToken cancellationToken, long stopAfter = long.MaxValue)
    {
        var preview = new List<ConvertedRow>(_options.PreviewRows);
        var summary = await Task.Run(
            () => Processor.Scan(FilePath(import), analysis.Layout, analysis.Mapping, analysis.Notes, patches, _options.PreviewRows,
                row =>
                {
                    if (preview.Count < _options.PreviewRows)
                    {
                        preview.Add(row);
                    }
                },
                stopAfter,
                cancellationToken),
            cancellationToken).ConfigureAwait(false);
        if (stopAfter != long.MaxValue)
        {
            summary = new ValidationSummary();
        }

        import.Layout = ImportJson.Write(new ImportJson.StoredLayout(analysis.Layout, analysis.Notes));
        import.Mapping = ImportJson.Write(analysis.Mapping);
        import.Patches = ImportJson.WritePatches(patches);
        import.Rows = summary.Rows;
        import.Valid = summary.Valid;
        import.Invalid = summary.Invalid;
        import.Warnings = summary.Warnings;
        import.UpdatedAt = time.GetUtcNow().UtcDateTime;
        return new ImportResult(import, analysis, preview, summary, []);
    }

    /// <summary>Header → field from the tenant's templates and its latest committed imports (newest wins).</summary>
    private static async Task<IReadOnlyDictionary<string, string>> HistoryAsync(FactorTraceDb db, CancellationToken cancellationToken)
    {
        var history = new Dictionary<string, string>(StringComparer.Ordinal);
        var imports = await db.Imports.AsNoTracking().Where(i => i.Status == ImportStatuses.Committed).OrderByDescending(i => i.CommittedAt).Take(HistoryImports)
            .Select(i => i.Mapping).ToListAsync(cancellationToken).ConfigureAwait(false);
        var templates = await db.MappingTemplates.AsNoTracking().OrderByDescending(t => t.UpdatedAt).Select(t => t.Mapping).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var json in imports.Concat(templates))
        {
            foreach (var column in ImportJson.ReadMapping(json).Columns)
            {
                if (column.Field is not null)
                {
                    history.TryAdd(ImportFields.NormalizeHeader(column.Header), column.Field);
                }
            }
        }

        return history;
    }

    private static async Task<IReadOnlyList<DuplicateImport>> DuplicatesAsync(FactorTraceDb db, ActivityImport import, CancellationToken cancellationToken) =>
        await db.Imports.AsNoTracking().Where(i => i.FileSha256 == import.FileSha256 && i.Id != import.Id).OrderBy(i => i.CreatedAt)
            .Select(i => new DuplicateImport(i.Id, i.Status, i.CreatedAt)).ToListAsync(cancellationToken).ConfigureAwait(false);

    private static ImportMapping Apply(ImportMapping mapping, MappingChange change)
    {
        var columns = mapping.Columns.ToList();
        var decisions = mapping.Decisions.ToList();
        foreach (var (edit, position) in (change.Columns ?? []).Select((c, i) => (c, i)))
        {
            if (edit is null || string.IsNullOrWhiteSpace(edit.Column))
            {
                throw new ImportException("invalid_mapping", $"columns[{position}]: each change needs the column (header text or 0-based index).");
            }

            var index = ColumnIndex(columns.Select(c => c.Header).ToList(), edit.Column);
            CheckColumn(edit.Column, edit.Field, edit.NumberFormat, edit.DateOrder, edit.Unit, edit.Currency);
            if (edit.Field is { } field && field != "notes")
            {
                // A field feeds from one column: the column that had it loses it.
                for (var i = 0; i < columns.Count; i++)
                {
                    if (i != index && columns[i].Field == field)
                    {
                        columns[i] = columns[i] with { Field = null, Method = "none", Confidence = 0 };
                    }
                }
            }

            var current = columns[index];
            var unit = edit.Unit is null ? (edit.Field == current.Field ? current.Unit : null) : Units.UnitRegistry.Default.Lookup(edit.Unit).Unit?.Code;
            var currency = edit.Currency is null ? (edit.Field == current.Field ? current.Currency : null) : Units.UnitRegistry.Default.Lookup(edit.Currency).Unit?.Code;
            if (edit.DateOrder is not null || edit.Field != current.Field)
            {
                // The column's date order is answered (or the column changed): its question is closed.
                decisions.RemoveAll(d => d.Kind == "date_order" && d.Column == current.Header);
            }

            columns[index] = current with
            {
                Field = edit.Field,
                Method = edit.Field is null ? "none" : "user",
                Confidence = edit.Field is null ? 0 : 1,
                NumberFormat = edit.NumberFormat ?? (edit.Field == current.Field ? current.NumberFormat : null),
                DateOrder = edit.DateOrder ?? (edit.Field == current.Field ? current.DateOrder : null),
                Unit = unit,
                Currency = currency,
            };
        }

        if (change.Defaults is not null)
        {
            CheckDefaults(change.Defaults);
        }

        if (change.Values is not null)
        {
            foreach (var field in change.Values.Keys)
            {
                if (!ImportFields.All.Contains(field))
                {
                    throw new ImportException("invalid_mapping", $"values: '{field}' is not a field ({string.Join(", ", ImportFields.All)}).");
                }
            }

            CheckValues(change.Values);
        }

        return mapping with { Columns = columns, Defaults = change.Defaults ?? mapping.Defaults, Values = change.Values ?? mapping.Values, Decisions = decisions };
    }

    private static void CheckColumn(string column, string? field, string? numberFormat, string? dateOrder, string? unit, string? currency = null)
    {
        if (currency is not null && Units.UnitRegistry.Default.Lookup(currency).Unit is not { Dimension: "money" })
        {
            throw new ImportException("invalid_mapping", $"Column '{column}': '{currency}' is not an ISO 4217 currency this service converts.");
        }

        if (field is not null && !ImportFields.All.Contains(field))
        {
            throw new ImportException("invalid_mapping", $"Column '{column}': '{field}' is not a field; use one of {string.Join(", ", ImportFields.All)}, or null to ignore the column.");
        }

        if (numberFormat is not null and not (NumberFormat.Eu or NumberFormat.Us))
        {
            throw new ImportException("invalid_mapping", $"Column '{column}': number_format must be 'eu' (1.234,56) or 'us' (1,234.56).");
        }

        if (dateOrder is not null and not (DateFormat.Dmy or DateFormat.Mdy))
        {
            throw new ImportException("invalid_mapping", $"Column '{column}': date_order must be 'dmy' or 'mdy'.");
        }

        if (unit is not null && Units.UnitRegistry.Default.Lookup(unit) is { Unit: null } lookup)
        {
            throw new ImportException("invalid_mapping", lookup.IsAmbiguous
                ? $"Column '{column}': '{unit}' is ambiguous; use one of {string.Join(", ", lookup.Choices)}."
                : $"Column '{column}': unknown unit '{unit}'.");
        }
    }

    private static void CheckDefaults(IReadOnlyDictionary<string, string>? defaults)
    {
        foreach (var (field, value) in defaults ?? new Dictionary<string, string>())
        {
            if (field is not ("unit" or "currency" or "region" or "scope" or "category" or "site" or "supplier" or "activity"))
            {
                throw new ImportException("invalid_mapping", $"defaults: '{field}' cannot have a default; use unit, currency, region, scope, category, site, supplier or activity.");
            }

            CheckText($"defaults.{field}", value);
        }
    }

    /// <summary>
    /// The texts a value map puts into records follow the records' rule (notes may hold line breaks). What it maps from
    /// may hold anything: mapping a cell with a control character to clean text is one way to fix it.
    /// </summary>
    private static void CheckValues(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? values)
    {
        foreach (var (field, map) in values ?? new Dictionary<string, IReadOnlyDictionary<string, string>>())
        {
            foreach (var (from, to) in map ?? new Dictionary<string, string>())
            {
                CheckText($"values.{field}['{TextSafety.Neutralize(from)}']", to, multiline: field == "notes");
            }
        }
    }

    /// <summary>Free text a mapping stores follows the rule of text fields (<see cref="TextSafety"/>): refused, never stripped.</summary>
    private static void CheckText(string what, string? text, bool multiline = false)
    {
        var found = text is null ? null : multiline ? TextSafety.FindUnsafe(text, multiline: true) : TextSafety.FindUnsafeTrimmed(text);
        if (found is { } bad)
        {
            throw new ImportException("invalid_mapping", bad.Describe(what));
        }
    }

    private static int ColumnIndex(IReadOnlyList<string> headers, string column)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i], column?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        if (int.TryParse(column, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < headers.Count)
        {
            return index;
        }

        throw new ImportException("invalid_mapping", $"There is no column '{column}'; the columns are {string.Join(", ", headers.Select(h => $"'{h}'"))}.");
    }

    private static void EnsureEditable(ActivityImport import)
    {
        if (import.Status != ImportStatuses.Validated)
        {
            throw new ImportException("import_not_editable", $"The import is {import.Status.Replace('_', ' ')}; only an import that is not committed can be changed.");
        }
    }

    /// <summary>
    /// The uploaded file's name as it is stored and shown: its last path segment, at most 260 characters, control and
    /// bidirectional-override characters replaced by U+FFFD (the name is only shown, so it is neutralized, not refused).
    /// </summary>
    internal static string SafeName(string name)
    {
        var file = TextSafety.Neutralize(Path.GetFileName(name ?? "").Trim());
        return string.IsNullOrWhiteSpace(file) ? "upload" : file.Length > 260 ? file[^260..] : file;
    }
}
