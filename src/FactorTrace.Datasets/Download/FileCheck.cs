namespace FactorTrace.Datasets.Download;

/// <summary>Outcome of checking or pulling one catalogued file.</summary>
public enum FileStatus
{
    /// <summary>Present with the pinned SHA-256.</summary>
    Ok,

    /// <summary>Not in the datasets folder.</summary>
    Missing,

    /// <summary>Present (or downloaded) with another SHA-256; refused.</summary>
    HashMismatch,

    /// <summary>Downloaded and verified.</summary>
    Downloaded,

    /// <summary>Could not be downloaded (no URL known, HTTP error, network failure).</summary>
    Failed,
}

/// <summary>The result for one file of one dataset.</summary>
/// <param name="DatasetId">Catalogue id.</param>
/// <param name="Path">Path relative to the datasets folder.</param>
/// <param name="Status">What happened.</param>
/// <param name="ActualSha256">The hash found, when the file was read.</param>
/// <param name="Message">Why, for anything but success.</param>
public sealed record FileCheck(string DatasetId, string Path, FileStatus Status, string? ActualSha256, string? Message);

/// <summary>Bytes received so far for one file being downloaded.</summary>
/// <param name="Path">Path relative to the datasets folder.</param>
/// <param name="Bytes">Bytes received.</param>
/// <param name="TotalBytes">The response's length when the server states it.</param>
/// <param name="Done">The last report for this file (all its bytes are in).</param>
public sealed record DownloadProgress(string Path, long Bytes, long? TotalBytes, bool Done);
