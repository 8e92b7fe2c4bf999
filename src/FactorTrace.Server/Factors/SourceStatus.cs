using FactorTrace.Sources;

namespace FactorTrace.Server.Factors;

/// <summary>Whether a source's datasets are loaded: <c>available</c> (all), <c>partial</c> or <c>unavailable</c> (none).</summary>
internal static class SourceStatus
{
    public static string Of(SourceDefinition source, int datasetsLoaded)
    {
        ArgumentNullException.ThrowIfNull(source);
        return datasetsLoaded == 0 ? "unavailable" : datasetsLoaded < source.Datasets.Count ? "partial" : "available";
    }
}
