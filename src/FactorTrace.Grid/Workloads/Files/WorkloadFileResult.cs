using FactorTrace.Data.Workloads;
using FactorTrace.Import.Reading;

namespace FactorTrace.Grid.Workloads.Files;

/// <summary>
/// A workload file read and validated: the records to store when every row is valid (all or nothing), else no record
/// and every problem (up to <see cref="WorkloadFileOptions.MaxErrors"/>; <see cref="ErrorCount"/> counts them all).
/// </summary>
/// <param name="Layout">How the file was read: format, encoding, delimiter, sheet, header row.</param>
/// <param name="Rows">Data rows read (blank rows left out).</param>
/// <param name="Records">The records, one per row in file order; empty when there is any problem.</param>
/// <param name="Errors">The problems listed, in row order.</param>
/// <param name="ErrorCount">All problems found.</param>
/// <param name="BadRows">Rows with at least one problem.</param>
/// <param name="IgnoredColumns">Headers that name no workload column (their cells are not read).</param>
public sealed record WorkloadFileResult(
    FileLayout Layout, int Rows, IReadOnlyList<WorkloadRecord> Records, IReadOnlyList<WorkloadRowError> Errors, int ErrorCount, int BadRows, IReadOnlyList<string> IgnoredColumns)
{
    /// <summary>True when nothing is wrong: <see cref="Records"/> holds every row.</summary>
    public bool IsValid => ErrorCount == 0;
}
