namespace FactorTrace.Datasets.Ingestion;

/// <summary>A dataset file could not be ingested; the message names the file, sheet and row.</summary>
public sealed class IngestionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IngestionException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public IngestionException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public IngestionException() { }
}
