using FactorTrace.Import.Mapping;
using FactorTrace.Import.Reading;
using FactorTrace.Text;

namespace FactorTrace.Import.Processing;

/// <summary>
/// The importer's passes over a stored file, each streaming with bounded memory: <see cref="Analyze"/> (layout,
/// header, suggested mapping from the first rows, then number formats and date orders from every row),
/// <see cref="Refine"/> (formats again after the mapping changed) and <see cref="Scan"/> (every row converted, for
/// validation, the error list and the commit).
/// </summary>
public sealed class ImportProcessor(ImportOptions options, IActivityMatcher? matcher)
{
    private const int SampleRows = 1000;
    private const int HeaderSearchRows = 40;

    /// <summary>Reads the file's layout and suggests a mapping.</summary>
    public ImportAnalysis Analyze(string path, IReadOnlyDictionary<string, string> history, ImportMapping? template, long? headerRowOverride = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var layout = TableReader.Detect(path, options);
        var first = new List<SourceRow>(HeaderSearchRows);
        foreach (var row in TableReader.Read(path, layout, options))
        {
            first.Add(row);
            if (first.Count >= HeaderSearchRows)
            {
                break;
            }
        }

        if (first.All(r => r.IsBlank))
        {
            throw new ImportException("empty_file", "The file has no rows with data.");
        }

        if (layout.JsonKeys is { } keys)
        {
            // JSON: the columns are the records' keys over the whole file; every record is a data row.
            return AnalyzeColumns(path, layout with { HeaderRow = null, Headers = Headers([.. keys], keys.Count) }, null, history, template);
        }

        long? headerRow = headerRowOverride ?? template?.HeaderRow;
        if (headerRow is null)
        {
            var nonBlank = first.Where(r => !r.IsBlank).ToList();
            var found = HeaderDetector.Find(nonBlank);
            headerRow = found < 0 ? null : nonBlank[found].Number;
        }

        var headerCells = headerRow is { } h ? first.FirstOrDefault(r => r.Number == h).Cells ?? [] : [];
        // Columns: the header's, widened only when most data rows are wider (a row with extra cells is ragged, not a new column).
        var dataWidths = first.Where(r => r.Number > (headerRow ?? 0) && !r.IsBlank).Select(r => TrimmedWidth(r)).ToList();
        var modal = dataWidths.Count == 0 ? 0 : dataWidths.GroupBy(w => w).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
        var width = Math.Max(TrimmedWidth(new SourceRow(0, headerCells, 0)), modal);
        var headers = Headers(headerCells, width);
        return AnalyzeColumns(path, layout with { HeaderRow = headerRow, Headers = headers }, headerRow, history, template);
    }

    private ImportAnalysis AnalyzeColumns(string path, FileLayout layout, long? headerRow, IReadOnlyDictionary<string, string> history, ImportMapping? template)
    {
        var headers = layout.Headers;
        var width = headers.Count;
        var profiles = Enumerable.Range(0, width).Select(_ => new ColumnProfile()).ToArray();
        var sampled = 0;
        foreach (var row in DataRows(path, layout))
        {
            for (var i = 0; i < profiles.Length; i++)
            {
                profiles[i].AddAll(row.Cell(i), row.IsTyped(i));
            }

            if (++sampled >= SampleRows)
            {
                break;
            }
        }

        var mapping = ColumnMapper.Suggest(headerRow, headers, profiles, history, template);
        var (refined, notes) = Refine(path, layout, mapping);
        return new ImportAnalysis(layout, refined, notes);
    }

    /// <summary>
    /// Decides the number format of numeric columns and the date order of date columns from every row (unless the
    /// mapping already sets them), with a note for each column the values do not settle; and the open questions
    /// (<see cref="ImportMapping.Decisions"/>): one per ambiguous unit of a column, per date column whose order no value
    /// settles, and one for a file that never names its activity.
    /// </summary>
    public (ImportMapping Mapping, IReadOnlyList<ImportIssue> Notes) Refine(string path, FileLayout layout, ImportMapping mapping) =>
        new MappingRefiner(matcher).Refine(DataRows(path, layout), layout, mapping);

    /// <summary>
    /// Converts every data row (cell patches applied) and hands it to <paramref name="visit"/>; the first
    /// <paramref name="previewRows"/> rows carry per-cell results.
    /// </summary>
    public ValidationSummary Scan(
        string path, FileLayout layout, ImportMapping mapping, IReadOnlyList<ImportIssue> notes, CellPatches? patches, int previewRows, Action<ConvertedRow> visit,
        long stopAfter = long.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(visit);
        var converter = new RowConverter(mapping, matcher, layout.Headers.Count);
        long rows = 0, valid = 0, invalid = 0, warnings = notes.Count(n => n.Severity == ImportIssue.Warning), errors = 0;
        foreach (var source in DataRows(path, layout))
        {
            if (rows >= stopAfter)
            {
                break;
            }

            if ((rows & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var row = patches is null ? source : patches.Apply(source);
            var converted = converter.Convert(row, rows < previewRows);
            rows++;
            if (converted.Body is null)
            {
                invalid++;
            }
            else
            {
                valid++;
            }

            foreach (var issue in converted.Issues)
            {
                if (issue.Severity == ImportIssue.Error)
                {
                    errors++;
                }
                else
                {
                    warnings++;
                }
            }

            visit(converted);
        }

        return new ValidationSummary { Rows = rows, Valid = valid, Invalid = invalid, Warnings = warnings, Errors = errors };
    }

    /// <summary>The non-blank rows below the header.</summary>
    public IEnumerable<SourceRow> DataRows(string path, FileLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        long count = 0;
        foreach (var row in TableReader.Read(path, layout, options))
        {
            if (row.Number <= (layout.HeaderRow ?? 0) || row.IsBlank)
            {
                continue;
            }

            if (++count > options.MaxRows)
            {
                throw new ImportException("too_many_rows", $"The file has more than {options.MaxRows:N0} data rows (FactorTrace:Imports:MaxRows).");
            }

            yield return row;
        }
    }

    /// <summary>Cells up to the last non-empty one.</summary>
    private static int TrimmedWidth(SourceRow row)
    {
        var width = row.Cells.Length;
        while (width > 0 && string.IsNullOrWhiteSpace(row.Cells[width - 1]))
        {
            width--;
        }

        return width;
    }

    private static string[] Headers(string[] cells, int width)
    {
        var headers = new string[width];
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < width; i++)
        {
            // Headers are shown and stored as column names: line breaks and tabs (wrapped header cells) become spaces, other
            // control and bidirectional-override characters U+FFFD.
            var text = i < cells.Length ? TextSafety.Neutralize(cells[i].Trim().Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' ')) : "";
            if (text.Length == 0)
            {
                text = $"Column {i + 1}";
            }

            if (text.Length > 200)
            {
                text = text[..200];
            }

            if (seen.TryGetValue(text, out var n))
            {
                seen[text] = n + 1;
                text = $"{text} ({n + 1})";
            }
            else
            {
                seen[text] = 1;
            }

            headers[i] = text;
        }

        return headers;
    }
}
