namespace FactorTrace.Import;

/// <summary>A file that cannot be imported at all (too large, unreadable, corrupt), with a stable code.</summary>
public sealed class ImportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImportException(string code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    /// <summary>Creates the exception.</summary>
    public ImportException()
        : this("import_failed", "The import failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public ImportException(string message)
        : this("import_failed", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ImportException(string message, Exception inner)
        : this("import_failed", message, inner)
    {
    }

    /// <summary>The error for a file over <paramref name="limit"/> bytes (its <paramref name="size"/> when known).</summary>
    public static ImportException FileTooLarge(long limit, long? size = null) =>
        new("file_too_large", size is { } known
            ? $"The file has {known:N0} bytes; at most {limit:N0} bytes are accepted (FactorTrace:Imports:MaxFileBytes)."
            : $"The file is larger than the {limit:N0} bytes accepted (FactorTrace:Imports:MaxFileBytes).");

    /// <summary>Stable code: file_too_large, file_corrupt, zip_bomb, field_too_large, too_many_rows, unsupported_format, empty_file.</summary>
    public string Code { get; }
}
