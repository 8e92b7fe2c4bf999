namespace FactorTrace.Datasets.Ingestion;

/// <summary>Thrown while building from a row to reject that row (the reason goes into the ingestion report).</summary>
internal sealed class RowRejectedException(string reason) : Exception(reason);
