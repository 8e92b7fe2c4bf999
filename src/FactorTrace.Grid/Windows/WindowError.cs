namespace FactorTrace.Grid.Windows;

/// <summary>Why a clean-energy window request cannot be answered; every code maps to HTTP 400.</summary>
/// <param name="Field">The request field, snake_case (<c>zones</c>, <c>from</c>, <c>to</c>, <c>duration</c>, ...).</param>
/// <param name="Code">A <see cref="WindowErrorCodes"/> value.</param>
/// <param name="Message">What is wrong, for people.</param>
public sealed record WindowError(string Field, string Code, string Message);

/// <summary>The stable codes of <see cref="WindowError"/>.</summary>
public static class WindowErrorCodes
{
    /// <summary>No zone was given.</summary>
    public const string MissingZones = "missing_zones";

    /// <summary>A zone is blank.</summary>
    public const string InvalidZone = "invalid_zone";

    /// <summary>A zone is given twice.</summary>
    public const string DuplicateZone = "duplicate_zone";

    /// <summary>More zones than <see cref="WindowLimits.MaxZones"/>.</summary>
    public const string TooManyZones = "too_many_zones";

    /// <summary><c>to</c> is not after <c>from</c>.</summary>
    public const string InvalidInterval = "invalid_interval";

    /// <summary><c>to − from</c> is longer than <see cref="WindowLimits.MaxHorizon"/>.</summary>
    public const string HorizonTooLong = "horizon_too_long";

    /// <summary>The duration is zero or negative.</summary>
    public const string InvalidDuration = "invalid_duration";

    /// <summary>The duration is longer than <c>to − from</c>: no window fits.</summary>
    public const string DurationExceedsInterval = "duration_exceeds_interval";

    /// <summary>The step is zero, negative or not a whole number of minutes.</summary>
    public const string InvalidStep = "invalid_step";

    /// <summary>The energy is negative, NaN or infinite.</summary>
    public const string InvalidEnergy = "invalid_energy";

    /// <summary>The candidate count is negative or above <see cref="WindowLimits.MaxCandidates"/>.</summary>
    public const string InvalidCandidates = "invalid_candidates";

    /// <summary>An instant without <c>Z</c> or a UTC offset.</summary>
    public const string MissingOffset = "missing_offset";

    /// <summary>An instant that is not ISO 8601.</summary>
    public const string InvalidInstant = "invalid_instant";

    /// <summary>A zone that is neither a zone id nor a cloud region of the catalogue.</summary>
    public const string UnknownZone = "unknown_zone";
}
