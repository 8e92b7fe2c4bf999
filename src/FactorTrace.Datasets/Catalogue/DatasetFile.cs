namespace FactorTrace.Datasets.Catalogue;

/// <summary>One file of a dataset, pinned by SHA-256.</summary>
public sealed class DatasetFile
{
    /// <summary>Path relative to the dataset folder.</summary>
    public string Path { get; set; } = "";

    /// <summary>Expected lower-case hex SHA-256 of the file's bytes.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>Publisher's download URL, where a stable one is known.</summary>
    public string? Url { get; set; }

    /// <summary>Entry to extract when <see cref="Url"/> is a zip archive.</summary>
    public string? ArchiveEntry { get; set; }

    /// <summary>Free-text note.</summary>
    public string? Note { get; set; }
}
