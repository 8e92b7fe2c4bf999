using Microsoft.Extensions.Logging;

namespace FactorTrace.Resilience;

/// <summary>The dependency pipelines' log messages; event ids 1100–1199 (docs/architecture.md).</summary>
internal static partial class Log
{
    [LoggerMessage(1101, LogLevel.Warning, "Circuit of {Dependency} opened: calls fail fast for {BreakSeconds} s")]
    public static partial void CircuitOpened(ILogger logger, string dependency, double breakSeconds);

    [LoggerMessage(1102, LogLevel.Information, "Circuit of {Dependency} half-open: trying a call")]
    public static partial void CircuitHalfOpen(ILogger logger, string dependency);

    [LoggerMessage(1103, LogLevel.Information, "Circuit of {Dependency} closed: calls go through again")]
    public static partial void CircuitClosed(ILogger logger, string dependency);
}
