using FactorTrace.Data;
using FactorTrace.Data.Imports;
using FactorTrace.Import;
using FactorTrace.Import.Storage;
using FactorTrace.Server.Imports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Web.Pages.Imports;

/// <summary>
/// One import through the wizard: the detected layout and column mapping (change it, save or apply a template), the
/// preview with invalid cells in words and a form to fix each, a corrected re-upload, the commit with its progress.
/// </summary>
[RequestSizeLimit(ImportPages.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportPages.MaxRequestBytes)]
internal sealed class DetailModel(FactorTraceDb db, ImportActions actions, ImportProgress progress, IAuthorizationService authorization) : PageModel
{
    public ImportResult? Result { get; private set; }

    public ImportProgress.Snapshot? Running { get; private set; }

    public IReadOnlyList<string> Templates { get; private set; } = [];

    /// <summary>What the last action did, or why it was refused (<see cref="Refused"/>), in words.</summary>
    public string? Message { get; private set; }

    public bool Refused { get; private set; }

    /// <summary>The refused section: mapping, template, file, commit, or the cell "row:column".</summary>
    public string? RefusedAt { get; private set; }

    [BindProperty]
    public List<ColumnInput> Columns { get; set; } = [];

    [BindProperty]
    public string? SaveAsTemplate { get; set; }

    /// <summary>A cell fix as typed (kept when it is refused).</summary>
    public (long Row, string Column, string Value)? CellTyped { get; private set; }

    public bool IsOpen => Result?.Import.Status == ImportStatuses.Validated;

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken cancellationToken)
    {
        Message = done switch
        {
            "mapping" => "Mapping changed; every row was checked again.",
            "template" => "Template applied; every row was checked again.",
            "cell" => "Cell corrected; every row was checked again.",
            "file" => "Corrected file uploaded; every row was checked again.",
            "commit" => "Committed: the valid rows are activity records now.",
            _ => null,
        };
        return await ShowAsync(id, cancellationToken);
    }

    /// <summary>A running commit's progress, polled by the page's script while the commit request runs.</summary>
    public async Task<IActionResult> OnGetProgressAsync(Guid id, CancellationToken cancellationToken)
    {
        var status = await db.Imports.AsNoTracking().Where(i => i.Id == id).Select(i => i.Status).FirstOrDefaultAsync(cancellationToken);
        if (status is null)
        {
            return NotFound();
        }

        var running = progress.Get(id);
        return new JsonResult(new { status, phase = running?.Phase, rows_done = running?.RowsDone ?? 0, rows_total = running?.RowsTotal ?? 0 });
    }

    public Task<IActionResult> OnPostMappingAsync(Guid id, CancellationToken cancellationToken) => ChangeAsync(id, "mapping", async (tenant, import) =>
    {
        var current = ImportJson.ReadMapping(import.Mapping).Columns;
        var changes = new List<ColumnChange>();
        foreach (var input in Columns.Where(c => c.Index >= 0 && c.Index < current.Count))
        {
            var was = current[input.Index];
            var field = Blank(input.Field);
            var numberFormat = Blank(input.NumberFormat);
            var dateOrder = Blank(input.DateOrder);
            var unit = Blank(input.Unit);
            if (field != was.Field || numberFormat != was.NumberFormat || dateOrder != was.DateOrder || unit != was.Unit)
            {
                changes.Add(new ColumnChange(input.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), field,
                    numberFormat == was.NumberFormat ? null : numberFormat, dateOrder == was.DateOrder ? null : dateOrder, unit == was.Unit ? null : unit));
            }
        }

        await actions.RemapAsync(tenant, import, new MappingChange { Columns = changes, SaveAsTemplate = Blank(SaveAsTemplate) }, cancellationToken);
    });

    public Task<IActionResult> OnPostTemplateAsync(Guid id, string? template, CancellationToken cancellationToken) => ChangeAsync(id, "template", (tenant, import) =>
        string.IsNullOrWhiteSpace(template)
            ? throw new ImportException("template_not_found", "Choose a saved template to apply.")
            : actions.ApplyTemplateAsync(tenant, import, template, cancellationToken));

    public Task<IActionResult> OnPostCellAsync(Guid id, long row, string? column, string? value, CancellationToken cancellationToken)
    {
        CellTyped = (row, column ?? "", value ?? "");
        return ChangeAsync(id, $"cell", (tenant, import) => actions.PatchAsync(tenant, import, [(row, column ?? "", value ?? "")], cancellationToken), $"{row}:{column}");
    }

    public Task<IActionResult> OnPostFileAsync(Guid id, IFormFile? file, CancellationToken cancellationToken) => ChangeAsync(id, "file", async (tenant, import) =>
    {
        if (file is null || file.Length == 0)
        {
            throw new ImportException("empty_file", "Choose the corrected file to upload.");
        }

        var staged = await ImportPages.StageAsync(actions.Service, file, cancellationToken);
        await actions.ReplaceFileAsync(tenant, import, file.FileName, staged, cancellationToken);
    });

    public Task<IActionResult> OnPostCommitAsync(Guid id, bool allowDuplicate, CancellationToken cancellationToken) =>
        ChangeAsync(id, "commit", (tenant, import) => actions.CommitAsync(tenant, import, allowDuplicate, strict: false), tracked: false);

    private async Task<IActionResult> ChangeAsync(Guid id, string step, Func<Server.Tenancy.TenantContext, ActivityImport, Task> change, string? at = null, bool tracked = true)
    {
        if (await ImportPages.RefuseUnlessEditorAsync(this, authorization) is { } refused)
        {
            return refused;
        }

        var cancellationToken = HttpContext.RequestAborted;
        var import = await actions.FindAsync(id, tracked, cancellationToken);
        if (import is null)
        {
            return NotFound();
        }

        try
        {
            await change(ImportPages.Tenant(this), import);
            return Redirect($"/imports/{id}?done={step}");
        }
        catch (ImportException ex)
        {
            Refused = true;
            RefusedAt = at ?? step;
            Message = ImportPages.Words(ex);
            db.ChangeTracker.Clear();
            return await ShowAsync(id, cancellationToken);
        }
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken cancellationToken)
    {
        var import = await actions.FindAsync(id, tracked: false, cancellationToken);
        if (import is null)
        {
            return NotFound();
        }

        Result = await actions.Service.DescribeAsync(db, import, cancellationToken);
        Running = progress.Get(id);
        Templates = await db.MappingTemplates.AsNoTracking().OrderBy(t => t.Name).Select(t => t.Name).Take(200).ToListAsync(cancellationToken);
        return Page();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A column's row of the mapping form.</summary>
    public sealed class ColumnInput
    {
        public int Index { get; set; }

        public string? Field { get; set; }

        public string? NumberFormat { get; set; }

        public string? DateOrder { get; set; }

        public string? Unit { get; set; }
    }
}
