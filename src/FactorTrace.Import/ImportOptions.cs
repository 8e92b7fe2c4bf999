using System.ComponentModel.DataAnnotations;

namespace FactorTrace.Import;

/// <summary>Limits and storage of the importer (section <c>FactorTrace:Imports</c>).</summary>
public sealed class ImportOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "FactorTrace:Imports";

    /// <summary>Largest file accepted, in bytes (default 256 MiB).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Longest single cell, in characters (default 16 Mi).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxFieldChars { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most data rows in one file (default 10 million).</summary>
    [Range(1, long.MaxValue)]
    public long MaxRows { get; set; } = 10_000_000;

    /// <summary>Most bytes an XLSX may expand to when unzipped (default 2 GiB); beyond it the file is refused as a zip bomb.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxUnzippedBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Rows shown in the preview.</summary>
    [Range(1, 1000)]
    public int PreviewRows { get; set; } = 20;

    /// <summary>Folder the uploaded files are kept in until committed or discarded; empty means &lt;data&gt;/imports.</summary>
    public string StorageDirectory { get; set; } = "";
}
