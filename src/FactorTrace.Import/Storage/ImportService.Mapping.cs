using FactorTrace.Data;
using FactorTrace.Data.Audit;
using FactorTrace.Data.Imports;
using FactorTrace.Import.Mapping;
using FactorTrace.Import.Normalization;
using FactorTrace.Import.Processing;
using FactorTrace.Text;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Import.Storage;

/// <summary>The mapping editor: changes to an import's mapping, templates, and the checks on what a mapping may hold.</summary>
public sealed partial class ImportService
{
    /// <summary>
    /// Changes the mapping, optionally saves it as a template, and validates again; the import, the template and
    /// <paramref name="audit"/>'s event are saved together.
    /// </summary>
    public async Task<ImportResult> RemapAsync(FactorTraceDb db, ActivityImport import, MappingChange change, CancellationToken cancellationToken, Func<ImportResult, AuditEvent>? audit = null)
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
            await StageTemplateAsync(db, import.TenantId, change.SaveAsTemplate.Trim(), refined, cancellationToken).ConfigureAwait(false);
            import.Template = change.SaveAsTemplate.Trim();
        }

        var result = await ValidateAsync(db, import, new ImportAnalysis(layout, refined, notes), ImportJson.ReadPatches(import.Patches), cancellationToken).ConfigureAwait(false);
        AddAudit(db, audit?.Invoke(result));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return result with { Duplicates = await DuplicatesAsync(db, import, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>Creates or replaces a named template; <paramref name="audit"/>'s event is saved with it.</summary>
    public async Task<MappingTemplate> SaveTemplateAsync(
        FactorTraceDb db, Guid tenantId, string name, ImportMapping mapping, CancellationToken cancellationToken, Func<MappingTemplate, AuditEvent>? audit = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var template = await StageTemplateAsync(db, tenantId, name, mapping, cancellationToken).ConfigureAwait(false);
        AddAudit(db, audit?.Invoke(template));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return template;
    }

    /// <summary>Deletes a template; <paramref name="audit"/>'s event is stored in the same transaction. False when there is none with that id.</summary>
    public static async Task<bool> DeleteTemplateAsync(FactorTraceDb db, Guid id, CancellationToken cancellationToken, Func<AuditEvent>? audit = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        Func<CancellationToken, Task<int>> delete = token => db.MappingTemplates.Where(t => t.Id == id).ExecuteDeleteAsync(token);
        var deleted = audit is null
            ? await delete(cancellationToken).ConfigureAwait(false)
            : await AuditedChange.ExecuteAsync(db, delete, _ => audit(), cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    /// <summary>The named template created or changed in the context, not saved.</summary>
    private async Task<MappingTemplate> StageTemplateAsync(FactorTraceDb db, Guid tenantId, string name, ImportMapping mapping, CancellationToken cancellationToken)
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
}
