using System.IO.Compression;
using FactorTrace.Datasets.Catalogue;
using Microsoft.Extensions.Options;

namespace FactorTrace.Datasets.Download;

/// <summary>
/// Downloads catalogued files into the datasets folder, from a configured mirror (same folder layout)
/// or from the publisher's URL, and keeps a file only when its SHA-256 matches the pinned value.
/// </summary>
public sealed class DatasetDownloader(HttpClient http, DatasetCatalogue catalogue, IOptions<DatasetsOptions> options)
{
    /// <summary>Bytes between two reports of a download's progress.</summary>
    public const int ProgressStepBytes = 1 << 20;

    /// <summary>Pulls every file of the selected datasets that is missing or wrong; verified files are left alone.</summary>
    public Task<IReadOnlyList<FileCheck>> PullAsync(
        IReadOnlyCollection<string> datasetIds, IProgress<FileCheck>? progress, CancellationToken cancellationToken) =>
        PullAsync(datasetIds, progress, null, cancellationToken);

    /// <summary>
    /// Pulls every file of the selected datasets that is missing or wrong; verified files are left alone. Each file's
    /// outcome goes to <paramref name="progress"/>; while a file downloads, its bytes so far go to <paramref name="bytes"/>
    /// (at the start, every <see cref="ProgressStepBytes"/> and at the end).
    /// </summary>
    public async Task<IReadOnlyList<FileCheck>> PullAsync(
        IReadOnlyCollection<string> datasetIds, IProgress<FileCheck>? progress, IProgress<DownloadProgress>? bytes, CancellationToken cancellationToken)
    {
        var root = options.Value.Path;
        var results = new List<FileCheck>();
        foreach (var dataset in DatasetSelection.Select(catalogue, datasetIds))
        {
            foreach (var file in dataset.Files)
            {
                var result = await PullFileAsync(root, dataset, file, bytes, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                progress?.Report(result);
            }
        }

        return results;
    }

    private async Task<FileCheck> PullFileAsync(string root, DatasetEntry dataset, DatasetFile file, IProgress<DownloadProgress>? bytes, CancellationToken cancellationToken)
    {
        var existing = await DatasetVerifier.CheckAsync(root, dataset, file, cancellationToken).ConfigureAwait(false);
        if (existing.Status == FileStatus.Ok)
        {
            return existing;
        }

        var relative = Path.Combine(dataset.Folder, file.Path);
        var (url, entry) = SourceOf(dataset, file);
        if (url is null)
        {
            return new FileCheck(dataset.Id, relative, FileStatus.Failed, null,
                "No download URL is known for this file; set FactorTrace:Datasets:MirrorBaseUrl to a mirror of the datasets folder.");
        }

        var target = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + ".download";
        try
        {
            using (var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
            {
                if (!response.IsSuccessStatusCode)
                {
                    return new FileCheck(dataset.Id, relative, FileStatus.Failed, null,
                        $"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
                }

                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var counted = new ProgressStream(body, relative, response.Content.Headers.ContentLength, bytes);
                await WriteAsync(counted, entry, temp, cancellationToken).ConfigureAwait(false);
                counted.Finish();
            }

            var actual = await Sha256File.ComputeAsync(temp, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                File.Delete(temp);
                return new FileCheck(dataset.Id, relative, FileStatus.HashMismatch, actual,
                    $"Refused {url}: SHA-256 is {actual}, expected {file.Sha256}.");
            }

            File.Move(temp, target, overwrite: true);
            return new FileCheck(dataset.Id, relative, FileStatus.Downloaded, actual, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException or TaskCanceledException
                                   && !cancellationToken.IsCancellationRequested)
        {
            File.Delete(temp);
            return new FileCheck(dataset.Id, relative, FileStatus.Failed, null, $"GET {url} failed: {ex.Message}");
        }
    }

    private (Uri? Url, string? ArchiveEntry) SourceOf(DatasetEntry dataset, DatasetFile file)
    {
        if (options.Value.MirrorBaseUrl is { Length: > 0 } mirror)
        {
            var path = string.Join('/', dataset.Folder, file.Path).Split('/').Select(Uri.EscapeDataString);
            return (new Uri(mirror.TrimEnd('/') + "/" + string.Join('/', path)), null);
        }

        return file.Url is null ? (null, null) : (new Uri(file.Url), file.ArchiveEntry);
    }

    private static async Task WriteAsync(Stream body, string? archiveEntry, string temp, CancellationToken cancellationToken)
    {
        await using var output = File.Create(temp);
        if (archiveEntry is null)
        {
            await body.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        await using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        var entry = zip.GetEntry(archiveEntry) ?? throw new InvalidDataException($"The archive has no entry '{archiveEntry}'.");
        await using var content = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
        await content.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
    }
}
