using System.Security.Cryptography;
using FactorTrace.Data;
using FactorTrace.Data.Audit;
using FactorTrace.Data.Imports;
using FactorTrace.Import.Mapping;
using FactorTrace.Import.Processing;
using FactorTrace.Import.TextClassification;
using FactorTrace.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FactorTrace.Import.Storage;

/// <summary>
/// The import workflow on a tenant's database context: receive a file, analyze and validate it, change its mapping or
/// patch cells (each re-validates), list its issues, commit it atomically, roll it back, discard it; and the tenant's
/// mapping templates.
/// </summary>
public sealed partial class ImportService(
    IOptions<ImportOptions> options, ImportProgress progress, TimeProvider time, IActivityMatcher? matcher = null, ILogger<ImportService>? logger = null,
    IDescriptionClassifier? classifier = null)
{
    /// <summary>Distinct descriptions of one import classified ahead of its rows at most; more are left to the local matcher.</summary>
    public const int ClassifiedDescriptionsLimit = 10_000;

    private readonly ILogger _log = (ILogger?)logger ?? NullLogger.Instance;

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
    /// in when that commit does not happen. <paramref name="audit"/> makes the audit event, stored with the import (both or
    /// neither).
    /// </summary>
    public async Task<ImportResult> CreateAsync(
        FactorTraceDb db, Guid tenantId, string actor, string fileName, StagedFile staged, string? templateName, CancellationToken cancellationToken, bool validate = true,
        Func<ImportResult, AuditEvent>? audit = null)
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
            var result = await ValidateAsync(db, import, analysis, new CellPatches(), cancellationToken, validate ? long.MaxValue : _options.PreviewRows).ConfigureAwait(false);
            db.Imports.Add(import);
            AddAudit(db, audit?.Invoke(result));
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Nothing was stored: the file is not kept without its import.
                File.Delete(path);
                throw;
            }

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
            var processor = new ImportProcessor(_options, await MatcherForAsync(db, import, analysis, ImportJson.ReadPatches(import.Patches), cancellationToken).ConfigureAwait(false));
            await Task.Run(
                () => processor.Scan(FilePath(import), analysis.Layout, analysis.Mapping, analysis.Notes, ImportJson.ReadPatches(import.Patches), _options.PreviewRows, preview.Add,
                    _options.PreviewRows, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }

        var summary = new ValidationSummary { Rows = import.Rows, Valid = import.Valid, Invalid = import.Invalid, Warnings = import.Warnings };
        return new ImportResult(import, analysis, preview, summary, await DuplicatesAsync(db, import, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Sets cells (by row number and header or index) and validates again; <paramref name="audit"/>'s event is saved with the change.</summary>
    public async Task<ImportResult> PatchAsync(
        FactorTraceDb db, ActivityImport import, IReadOnlyList<(long Row, string Column, string Value)> cells, CancellationToken cancellationToken,
        Func<ImportResult, AuditEvent>? audit = null)
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
        var result = await ValidateAsync(db, import, new ImportAnalysis(stored.Layout, mapping, stored.Notes), patches, cancellationToken).ConfigureAwait(false);
        AddAudit(db, audit?.Invoke(result));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return result with { Duplicates = await DuplicatesAsync(db, import, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>
    /// Replaces the file (a corrected re-upload): the mapping is kept by header, patches are dropped, and it is validated
    /// again; <paramref name="audit"/>'s event is saved with the change.
    /// </summary>
    public async Task<ImportResult> ReplaceFileAsync(
        FactorTraceDb db, ActivityImport import, string fileName, StagedFile staged, CancellationToken cancellationToken, Func<ImportResult, AuditEvent>? audit = null)
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
            var result = await ValidateAsync(db, import, analysis, new CellPatches(), cancellationToken).ConfigureAwait(false);
            AddAudit(db, audit?.Invoke(result));
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
        var result = await ValidateAsync(db, import, analysis, ImportJson.ReadPatches(import.Patches), cancellationToken).ConfigureAwait(false);
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

    /// <summary>Where an import's file is kept.</summary>
    public string FilePath(ActivityImport import)
    {
        ArgumentNullException.ThrowIfNull(import);
        return Path.Combine(StorageDirectory, import.TenantId.ToString("N"), import.Id.ToString("N") + ".upload");
    }

    /// <summary>
    /// The matcher of one import: with a classifier, the distinct descriptions the rows ask about are classified first (in
    /// batches, within the tenant's budget; supplier rules and language models) and their answers come before the local
    /// matcher's. Without a description or activity-name column, or without a classifier, the shared matcher.
    /// </summary>
    private async Task<IActivityMatcher?> MatcherForAsync(FactorTraceDb db, ActivityImport import, ImportAnalysis analysis, CellPatches patches, CancellationToken cancellationToken)
    {
        if (classifier is null || matcher is null || (analysis.Mapping.For("description") is null && analysis.Mapping.For("activity") is null))
        {
            return matcher;
        }

        if (!await classifier.AddsToLocalAsync(db, cancellationToken).ConfigureAwait(false))
        {
            return matcher;
        }

        var collecting = new CollectingMatcher(matcher, ClassifiedDescriptionsLimit);
        var processor = new ImportProcessor(_options, collecting);
        await Task.Run(() => processor.Scan(FilePath(import), analysis.Layout, analysis.Mapping, analysis.Notes, patches, 0, static _ => { }, cancellationToken: cancellationToken),
            cancellationToken).ConfigureAwait(false);
        var texts = collecting.Texts;
        if (texts.Count == 0)
        {
            return matcher;
        }

        var answers = await classifier.ClassifyDescriptionsAsync(db, import.TenantId, texts, cancellationToken).ConfigureAwait(false);
        return answers.Count == 0 ? matcher : new AnsweredMatcher(matcher, answers);
    }

    private async Task<ImportResult> ValidateAsync(
        FactorTraceDb db, ActivityImport import, ImportAnalysis analysis, CellPatches patches, CancellationToken cancellationToken, long stopAfter = long.MaxValue)
    {
        var processor = new ImportProcessor(_options, await MatcherForAsync(db, import, analysis, patches, cancellationToken).ConfigureAwait(false));
        var preview = new List<ConvertedRow>(_options.PreviewRows);
        var summary = await Task.Run(
            () => processor.Scan(FilePath(import), analysis.Layout, analysis.Mapping, analysis.Notes, patches, _options.PreviewRows,
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

    /// <summary>Adds the event to the change about to be saved, so both are stored in one <c>SaveChanges</c>, or neither.</summary>
    private static void AddAudit(FactorTraceDb db, AuditEvent? audit)
    {
        if (audit is not null)
        {
            db.AuditEvents.Add(audit);
        }
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
