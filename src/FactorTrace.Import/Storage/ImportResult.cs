using FactorTrace.Data.Imports;
using FactorTrace.Import.Processing;

namespace FactorTrace.Import.Storage;

/// <summary>An import as the API and the CLI show it: the stored row, how the file is read and mapped, a preview and the counts.</summary>
/// <param name="Import">The stored import.</param>
/// <param name="Analysis">Layout, mapping and column notes.</param>
/// <param name="Preview">The first rows as they will be stored.</param>
/// <param name="Summary">Counts of the last validation.</param>
/// <param name="Duplicates">Other imports of the same file (by SHA-256).</param>
public sealed record ImportResult(ActivityImport Import, ImportAnalysis Analysis, IReadOnlyList<ConvertedRow> Preview, ValidationSummary Summary, IReadOnlyList<DuplicateImport> Duplicates);

/// <summary>An earlier import of the same bytes.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Status">Its status.</param>
/// <param name="CreatedAt">When it was uploaded.</param>
public sealed record DuplicateImport(Guid Id, string Status, DateTime CreatedAt);

/// <summary>What a commit stored.</summary>
/// <param name="Stored">Records written.</param>
/// <param name="SkippedInvalid">Rows left out for their errors.</param>
/// <param name="Summary">Counts of the pass that committed.</param>
public sealed record CommitResult(long Stored, long SkippedInvalid, ValidationSummary Summary);

/// <summary>A file received from a client, hashed and size-checked, waiting to become an import.</summary>
/// <param name="Path">Where it is.</param>
/// <param name="Sha256">Hex SHA-256 of its bytes.</param>
/// <param name="Size">Bytes.</param>
public sealed record StagedFile(string Path, string Sha256, long Size);
