namespace FactorTrace.Factors;

/// <summary>Where a factor came from inside a dataset file, so an auditor can find the published row.</summary>
/// <param name="File">File name relative to the dataset folder.</param>
/// <param name="Sheet">Worksheet name for workbooks, null for text files.</param>
/// <param name="Row">1-based row (worksheet row or file line; the first row of a multi-row group).</param>
/// <param name="PublisherId">The publisher's own identifier of the row, where it has one.</param>
public sealed record RowReference(string File, string? Sheet, int Row, string? PublisherId)
{
    /// <inheritdoc />
    public override string ToString() =>
        Sheet is null ? $"{File}:{Row}" : $"{File}[{Sheet}]!{Row}";
}
