namespace FactorTrace.Datasets.Catalogue;

/// <summary>One dataset of the catalogue.</summary>
public sealed class DatasetEntry
{
    /// <summary>Stable id (<c>desnz-2024</c>).</summary>
    public string Id { get; set; } = "";

    /// <summary>Title as a person would say it.</summary>
    public string Title { get; set; } = "";

    /// <summary>Publisher.</summary>
    public string Publisher { get; set; } = "";

    /// <summary>Publisher's version label.</summary>
    public string Version { get; set; } = "";

    /// <summary>Reference year.</summary>
    public int Year { get; set; }

    /// <summary>Publication date of this version (used to pin answers to what was known on a date).</summary>
    public DateOnly? Released { get; set; }

    /// <summary>Licence id.</summary>
    public string Licence { get; set; } = "";

    /// <summary>Attribution text to show with every answer derived from this dataset.</summary>
    public string Attribution { get; set; } = "";

    /// <summary>Official page.</summary>
    public string? Page { get; set; }

    /// <summary>Folder inside the datasets directory (and on a mirror).</summary>
    public string Folder { get; set; } = "";

    /// <summary>Mapping file used to ingest it, or null when the dataset is reference material only.</summary>
    public string? Mapping { get; set; }

    /// <summary>Files with their pinned hashes.</summary>
    public List<DatasetFile> Files { get; set; } = [];
}
