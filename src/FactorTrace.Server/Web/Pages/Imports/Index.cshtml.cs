using FactorTrace.Data;
using FactorTrace.Data.Imports;
using FactorTrace.Import;
using FactorTrace.Server.Imports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Web.Pages.Imports;

/// <summary>The import wizard's first step (upload a file, optionally with a saved template) and the history of imports with roll back.</summary>
[RequestSizeLimit(ImportPages.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportPages.MaxRequestBytes)]
internal sealed class IndexModel(FactorTraceDb db, ImportActions actions, IAuthorizationService authorization) : PageModel
{
    public const int PageSize = 20;

    public IReadOnlyList<ActivityImport> History { get; private set; } = [];

    public IReadOnlyList<string> Templates { get; private set; } = [];

    public int Offset { get; private set; }

    public int Total { get; private set; }

    /// <summary>Why the upload was refused, in words, shown next to the file field.</summary>
    public string? UploadError { get; private set; }

    public string? Message { get; private set; }

    [BindProperty]
    public string? Template { get; set; }

    public async Task OnGetAsync(int offset, Guid? rolledBack, long? deleted, Guid? discarded, CancellationToken cancellationToken)
    {
        if (rolledBack is not null)
        {
            Message = $"Import rolled back: {deleted ?? 0} records deleted.";
        }
        else if (discarded is not null)
        {
            Message = "Import discarded with its file.";
        }

        await LoadAsync(offset, cancellationToken);
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (await ImportPages.RefuseUnlessEditorAsync(this, authorization) is { } refused)
        {
            return refused;
        }

        if (file is null || file.Length == 0)
        {
            UploadError = "Choose a CSV, TSV or XLSX file to upload.";
            await LoadAsync(0, cancellationToken);
            return Page();
        }

        try
        {
            var staged = await ImportPages.StageAsync(actions.Service, file, cancellationToken);
            var result = await actions.CreateAsync(ImportPages.Tenant(this), file.FileName, staged, string.IsNullOrWhiteSpace(Template) ? null : Template, cancellationToken);
            return Redirect($"/imports/{result.Import.Id}");
        }
        catch (ImportException ex)
        {
            UploadError = ImportPages.Words(ex);
            await LoadAsync(0, cancellationToken);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRollbackAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await ImportPages.RefuseUnlessEditorAsync(this, authorization) is { } refused)
        {
            return refused;
        }

        var import = await actions.FindAsync(id, tracked: false, cancellationToken);
        if (import is null)
        {
            return NotFound();
        }

        try
        {
            var deleted = await actions.RollBackOrDiscardAsync(ImportPages.Tenant(this), import, cancellationToken);
            return Redirect(deleted is { } n ? $"/imports?rolledBack={id}&deleted={n}" : $"/imports?discarded={id}");
        }
        catch (ImportException ex)
        {
            Message = ImportPages.Words(ex);
            await LoadAsync(0, cancellationToken);
            return Page();
        }
    }

    private async Task LoadAsync(int offset, CancellationToken cancellationToken)
    {
        Offset = Math.Max(0, offset);
        Templates = await db.MappingTemplates.AsNoTracking().OrderBy(t => t.Name).Select(t => t.Name).Take(200).ToListAsync(cancellationToken);
        Total = await db.Imports.CountAsync(cancellationToken);
        History = await db.Imports.AsNoTracking().OrderByDescending(i => i.CreatedAt).Skip(Offset).Take(PageSize).ToListAsync(cancellationToken);
    }
}
