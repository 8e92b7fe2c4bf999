namespace FactorTrace.Grid.Windows;

/// <summary>
/// When and where to run a job of <see cref="Duration"/> so that its grid intensity is lowest: windows start at
/// <c>From + k × Step</c> and end by <see cref="To"/> (<c>[From, To)</c> is half-open, so a window may end exactly at
/// <see cref="To"/>). Instants are compared as UTC whatever their offset.
/// </summary>
public sealed record WindowRequest
{
    /// <summary>The default number of ranked candidates after the best window.</summary>
    public const int DefaultCandidates = 10;

    /// <summary>The default step between window starts (one hour).</summary>
    public static TimeSpan DefaultStep { get; } = TimeSpan.FromMinutes(60);

    /// <summary>Zones to compare, in the order that breaks ties; the first is the baseline's zone.</summary>
    public required IReadOnlyList<string> Zones { get; init; }

    /// <summary>Earliest start, and the baseline's start ("run now").</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>Deadline: every window ends at or before it.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>How long the job runs (any positive length, e.g. 90 minutes).</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Distance between candidate starts, a whole number of minutes.</summary>
    public TimeSpan Step { get; init; } = DefaultStep;

    /// <summary>The job's energy in kWh, for the saving in kg.</summary>
    public double? EnergyKwh { get; init; }

    /// <summary>How many ranked windows to list after the best one.</summary>
    public int Candidates { get; init; } = DefaultCandidates;

    /// <summary>Every rule the request breaks (empty when it can be answered), under <paramref name="limits"/>
    /// (<see cref="WindowLimits.Default"/> when null).</summary>
    public IReadOnlyList<WindowError> Validate(WindowLimits? limits = null)
    {
        limits ??= WindowLimits.Default;
        var errors = new List<WindowError>();
        ValidateZones(limits, errors);
        var span = To - From;
        var intervalValid = span > TimeSpan.Zero;
        if (!intervalValid)
        {
            errors.Add(new("to", WindowErrorCodes.InvalidInterval, "to must be after from."));
        }
        else if (span > limits.MaxHorizon)
        {
            errors.Add(new("to", WindowErrorCodes.HorizonTooLong, $"to − from is longer than {limits.MaxHorizon.TotalHours:0.##} hours."));
        }

        if (Duration <= TimeSpan.Zero)
        {
            errors.Add(new("duration", WindowErrorCodes.InvalidDuration, "duration must be positive."));
        }
        else if (intervalValid && Duration > span)
        {
            errors.Add(new("duration", WindowErrorCodes.DurationExceedsInterval, "duration is longer than to − from: no window fits."));
        }

        if (Step <= TimeSpan.Zero || Step.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            errors.Add(new("step", WindowErrorCodes.InvalidStep, "step must be a positive whole number of minutes."));
        }

        if (EnergyKwh is { } energy && (!double.IsFinite(energy) || energy < 0))
        {
            errors.Add(new("energy_kwh", WindowErrorCodes.InvalidEnergy, "energy_kwh must be a finite number ≥ 0."));
        }

        if (Candidates < 0 || Candidates > limits.MaxCandidates)
        {
            errors.Add(new("candidates", WindowErrorCodes.InvalidCandidates, $"candidates must be between 0 and {limits.MaxCandidates}."));
        }

        return errors;
    }

    private void ValidateZones(WindowLimits limits, List<WindowError> errors)
    {
        if (Zones is null || Zones.Count == 0)
        {
            errors.Add(new("zones", WindowErrorCodes.MissingZones, "Give at least one zone."));
            return;
        }

        if (Zones.Count > limits.MaxZones)
        {
            errors.Add(new("zones", WindowErrorCodes.TooManyZones, $"At most {limits.MaxZones} zones per request."));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var zone in Zones)
        {
            if (string.IsNullOrWhiteSpace(zone))
            {
                errors.Add(new("zones", WindowErrorCodes.InvalidZone, "A zone is blank."));
            }
            else if (!seen.Add(zone.Trim()))
            {
                errors.Add(new("zones", WindowErrorCodes.DuplicateZone, $"Zone {zone.Trim()} is given twice."));
            }
        }
    }
}
