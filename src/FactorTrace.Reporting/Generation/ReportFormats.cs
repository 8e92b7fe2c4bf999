namespace FactorTrace.Reporting.Generation;

/// <summary>An output format of a report: its kind (as in the URL), content type and file extension.</summary>
/// <param name="Kind">html, pdf, xhtml, csv or json.</param>
/// <param name="ContentType">Served as.</param>
/// <param name="Extension">File name extension.</param>
public sealed record ReportFormat(string Kind, string ContentType, string Extension)
{
    /// <summary>The file name of a report's output: <c>esrs-e1_2024-01-01_2024-12-31_&lt;id&gt;.html</c>.</summary>
    public string FileName(string framework, DateOnly from, DateOnly to, Guid reportId) =>
        $"{framework}_{from:yyyy-MM-dd}_{to:yyyy-MM-dd}_{reportId:N}.{Extension}";
}

/// <summary>The formats a report is rendered in.</summary>
public static class ReportFormats
{
    /// <summary>Self-contained HTML.</summary>
    public static readonly ReportFormat Html = new("html", "text/html; charset=utf-8", "html");

    /// <summary>PDF with a table of contents and page numbers.</summary>
    public static readonly ReportFormat Pdf = new("pdf", "application/pdf", "pdf");

    /// <summary>Inline XBRL 1.1 (XHTML).</summary>
    public static readonly ReportFormat Xhtml = new("xhtml", "application/xhtml+xml; charset=utf-8", "xhtml");

    /// <summary>Every figure as CSV.</summary>
    public static readonly ReportFormat Csv = new("csv", "text/csv; charset=utf-8", "csv");

    /// <summary>Every figure as JSON, with what it rests on (runs, provenance hashes, the rows that make it up).</summary>
    public static readonly ReportFormat Json = new("json", "application/json", "json");

    /// <summary>All of them, in the order they are generated.</summary>
    public static IReadOnlyList<ReportFormat> All { get; } = [Json, Csv, Html, Xhtml, Pdf];

    /// <summary>The format of <paramref name="kind"/>, or null.</summary>
    public static ReportFormat? Find(string? kind) => All.FirstOrDefault(f => string.Equals(f.Kind, kind?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The formats named in <paramref name="kinds"/> (all when none are given), in generation order; the JSON figures are
    /// always included, since traceability reads them.
    /// </summary>
    /// <exception cref="ReportInputException">A kind is not a format.</exception>
    public static IReadOnlyList<ReportFormat> Parse(IEnumerable<string>? kinds)
    {
        var named = kinds?.SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList() ?? [];
        if (named.Count == 0)
        {
            return All;
        }

        var chosen = new HashSet<ReportFormat> { Json };
        foreach (var kind in named)
        {
            chosen.Add(Find(kind) ?? throw new ReportInputException("unknown_format",
                $"'{kind}' is not a report format; use {string.Join(", ", All.Select(f => f.Kind))}."));
        }

        return All.Where(chosen.Contains).ToList();
    }
}
