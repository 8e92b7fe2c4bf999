using FactorTrace.Grid.Model;

namespace FactorTrace.Grid.Query;

/// <summary>A zone's hourly intensity over <c>[From, To)</c> from the store, with what is missing.</summary>
public sealed record IntensityAnswer(
    string Zone,
    DateTimeOffset From,
    DateTimeOffset To,
    string Signal,
    int HoursExpected,
    IReadOnlyList<DateTimeOffset> MissingHours,
    IntensityStats? Direct,
    IntensityStats? Lifecycle,
    IReadOnlyList<GridPoint> Points,
    YearlyIntensity? Yearly);

/// <summary>Time-weighted mean, and the lowest and highest hours (ties go to the earliest hour).</summary>
public sealed record IntensityStats(double Mean, DateTimeOffset MinStart, double Min, DateTimeOffset MaxStart, double Max, int Hours);
