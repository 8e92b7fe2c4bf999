using FactorTrace.Datasets.Catalogue;

namespace FactorTrace.Datasets.Download;

/// <summary>Checks a datasets folder against the catalogue's pinned SHA-256 values.</summary>
public sealed class DatasetVerifier(DatasetCatalogue catalogue)
{
    /// <summary>Checks every file of the selected datasets (all when <paramref name="datasetIds"/> is empty).</summary>
    public async Task<IReadOnlyList<FileCheck>> VerifyAsync(
        string datasetsPath, IReadOnlyCollection<string> datasetIds, CancellationToken cancellationToken)
    {
        var results = new List<FileCheck>();
        foreach (var dataset in DatasetSelection.Select(catalogue, datasetIds))
        {
            foreach (var file in dataset.Files)
            {
                results.Add(await CheckAsync(datasetsPath, dataset, file, cancellationToken).ConfigureAwait(false));
            }
        }

        return results;
    }

    internal static async Task<FileCheck> CheckAsync(
        string datasetsPath, DatasetEntry dataset, DatasetFile file, CancellationToken cancellationToken)
    {
        var relative = Path.Combine(dataset.Folder, file.Path);
        var full = Path.Combine(datasetsPath, relative);
        if (!File.Exists(full))
        {
            return new FileCheck(dataset.Id, relative, FileStatus.Missing, null, $"'{full}' does not exist.");
        }

        var actual = await Sha256File.ComputeAsync(full, cancellationToken).ConfigureAwait(false);
        return string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase)
            ? new FileCheck(dataset.Id, relative, FileStatus.Ok, actual, null)
            : new FileCheck(dataset.Id, relative, FileStatus.HashMismatch, actual,
                $"SHA-256 of '{full}' is {actual}, expected {file.Sha256}.");
    }
}
