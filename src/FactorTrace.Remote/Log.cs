using Microsoft.Extensions.Logging;

namespace FactorTrace.Remote;

/// <summary>The remote sources' log messages; event ids 1300–1399 (docs/architecture.md).</summary>
internal static partial class Log
{
    [LoggerMessage(1301, LogLevel.Warning, "Remote source {Source} failed ({Outcome}): {Detail}")]
    public static partial void RemoteSourceFailed(ILogger logger, string source, string outcome, string? detail);

    [LoggerMessage(1302, LogLevel.Warning, "Licence refused {Source} factor {FactorId} to tenant {Tenant}: {MaxPerDay} distinct factors a day already served")]
    public static partial void LicenceVolumeRefused(ILogger logger, string source, string factorId, string tenant, int maxPerDay);

    [LoggerMessage(1303, LogLevel.Debug, "Licence keeps {Source} out of a bulk request (runtime use only)")]
    public static partial void LicenceBulkExcluded(ILogger logger, string source);
}
