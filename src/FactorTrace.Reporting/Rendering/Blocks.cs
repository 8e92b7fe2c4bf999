using FactorTrace.Reporting.Model;
using FactorTrace.Reporting.Rendering.Charts;

namespace FactorTrace.Reporting.Rendering;

/// <summary>A block of the laid-out report, drawn the same way by the HTML, iXBRL and PDF renderers.</summary>
public abstract record Block;

/// <summary>A section heading (level 1) or sub-heading (level 2), with an anchor id.</summary>
public sealed record HeadingBlock(int Level, string Id, string Text) : Block;

/// <summary>A paragraph of plain text.</summary>
public sealed record ParagraphBlock(string Text) : Block;

/// <summary>A text block that iXBRL tags with <paramref name="Concept"/> (a <c>textBlockItemType</c>).</summary>
public sealed record NarrativeBlock(string Title, string Text, string Concept) : Block;

/// <summary>A bulleted list.</summary>
public sealed record ListBlock(IReadOnlyList<string> Items) : Block;

/// <summary>A table.</summary>
public sealed record TableBlock(IReadOnlyList<string> Columns, IReadOnlyList<TableRow> Rows) : Block;

/// <summary>A chart.</summary>
public sealed record ChartBlock(BarChart Chart) : Block;

/// <summary>A table row; <paramref name="Total"/> rows are emphasised.</summary>
public sealed record TableRow(IReadOnlyList<Cell> Cells, bool Total = false);

/// <summary>A table cell.</summary>
public abstract record Cell;

/// <summary>Plain text.</summary>
public sealed record TextCell(string Text) : Cell;

/// <summary>
/// A figure, shown through <see cref="FigureFormat"/>; iXBRL tags it when <paramref name="Tag"/> is set (in the context of
/// <paramref name="Period"/>, the base year context when <paramref name="BaseYear"/>).
/// </summary>
public sealed record FigureCell(ReportFigure Figure, bool Tag = false, ReportPeriod? Period = null, bool BaseYear = false, bool WithUnit = false) : Cell;
