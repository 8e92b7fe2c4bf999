using FactorTrace.Data.Workloads;
using FactorTrace.Grid.Windows;
using FactorTrace.Grid.Zones;

namespace FactorTrace.Grid.Workloads;

/// <summary>Where a service's emissions go in the ledger.</summary>
public static class LedgerCategories
{
    /// <summary>Own data centres: Scope 2.</summary>
    public const string Scope2 = "scope2";

    /// <summary>Cloud: Scope 3 category 1 (purchased goods and services), cloud-computing sub-category.</summary>
    public const string Scope3Cloud = "scope3-cloud";
}

/// <summary>A problem with one field of a workload input.</summary>
public sealed record WorkloadError(string Field, string Code, string Message, IReadOnlyList<string>? Suggestions = null);

/// <summary>A service profile as sent.</summary>
public sealed class ServiceInput
{
    /// <summary>Energy of one unit of work, Wh.</summary>
    public double? WhPerUnit { get; set; }

    /// <summary>What a unit is (default <c>request</c>).</summary>
    public string? Unit { get; set; }

    /// <summary>PUE (default 1).</summary>
    public double? Pue { get; set; }

    /// <summary>Embodied share of operational emissions (default 0).</summary>
    public double? EmbodiedShare { get; set; }

    /// <summary><c>scope2</c> or <c>scope3-cloud</c> (default).</summary>
    public string? Ledger { get; set; }

    /// <summary>Every problem, or none; on none, <paramref name="profile"/> takes the values.</summary>
    public IReadOnlyList<WorkloadError> ApplyTo(ServiceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var errors = new List<WorkloadError>();
        if (WhPerUnit is { } wh && (!double.IsFinite(wh) || wh < 0))
        {
            errors.Add(new("wh_per_unit", "invalid_number", "wh_per_unit must be a non-negative number of Wh."));
        }

        if (Pue is { } pue && (!double.IsFinite(pue) || pue < 1 || pue > 5))
        {
            errors.Add(new("pue", "invalid_number", "pue must be between 1 and 5 (a facility's total energy over its IT energy)."));
        }

        if (EmbodiedShare is { } share && (!double.IsFinite(share) || share < 0 || share > 10))
        {
            errors.Add(new("embodied_share", "invalid_number", "embodied_share must be between 0 and 10 (0.2 adds 20 % of the operational emissions)."));
        }

        var ledger = (Ledger ?? LedgerCategories.Scope3Cloud).Trim().ToLowerInvariant();
        if (ledger is not (LedgerCategories.Scope2 or LedgerCategories.Scope3Cloud))
        {
            errors.Add(new("ledger", "invalid_choice", $"ledger must be {LedgerCategories.Scope2} (own data centres) or {LedgerCategories.Scope3Cloud} (cloud)."));
        }

        var unit = (Unit ?? "request").Trim();
        if (unit.Length is 0 or > 32)
        {
            errors.Add(new("unit", "invalid_text", "unit must be 1–32 characters (request, job, GB)."));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        profile.WhPerUnit = WhPerUnit;
        profile.Unit = unit;
        profile.Pue = Pue ?? 1.0;
        profile.EmbodiedShare = EmbodiedShare ?? 0;
        profile.LedgerCategory = ledger;
        return errors;
    }
}

/// <summary>A workload record as sent.</summary>
public sealed class WorkloadInput
{
    /// <summary>Service name.</summary>
    public string? Service { get; set; }

    /// <summary>Zone id or cloud region.</summary>
    public string? Region { get; set; }

    /// <summary>Start, ISO 8601 with an offset.</summary>
    public string? From { get; set; }

    /// <summary>End (exclusive), ISO 8601 with an offset.</summary>
    public string? To { get; set; }

    /// <summary>Units of work (requests).</summary>
    public double? Requests { get; set; }

    /// <summary>Energy measured at the meter, kWh (wins over requests).</summary>
    public double? MeasuredKwh { get; set; }

    /// <summary>The record, or every problem.</summary>
    public (WorkloadRecord? Record, IReadOnlyList<WorkloadError> Errors) ToRecord(IReadOnlyDictionary<string, ServiceProfile> services, ZoneCatalogue zones, Guid tenantId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(zones);
        var errors = new List<WorkloadError>();
        ServiceProfile? service = null;
        if (string.IsNullOrWhiteSpace(Service) || !services.TryGetValue(Service.Trim(), out service))
        {
            errors.Add(new("service", "unknown_service", string.IsNullOrWhiteSpace(Service)
                ? "service is required: the name of a service profile (PUT /api/v1/workloads/services/{name})."
                : $"'{Service}' is not a service of this tenant; create it with PUT /api/v1/workloads/services/{Service.Trim()}.",
                ServiceSuggestions.Close(Service, services.Keys)));
        }

        if (!zones.TryResolve(Region, out var zone, out _))
        {
            errors.Add(new("region", "unknown_zone", $"'{Region}' is not a known zone or cloud region.", zones.Suggest(Region)));
        }

        DateTimeOffset start = default, end = default;
        if (!WindowInstant.TryParse(From, "from", out start, out var fromError))
        {
            errors.Add(new("from", fromError!.Code, fromError.Message));
        }
        else if (!WindowInstant.TryParse(To, "to", out end, out var toError))
        {
            errors.Add(new("to", toError!.Code, toError.Message));
        }
        else if (end <= start || end - start > TimeSpan.FromDays(366))
        {
            errors.Add(new("to", "invalid_interval", "to must be after from, at most 366 days later; the period is [from, to)."));
        }
        else if (end > now.AddDays(1))
        {
            errors.Add(new("to", "in_the_future", "Work that has not happened yet cannot be recorded."));
        }

        if (Requests is { } r && (!double.IsFinite(r) || r < 0))
        {
            errors.Add(new("requests", "invalid_number", "requests must be a non-negative number."));
        }

        if (MeasuredKwh is { } k && (!double.IsFinite(k) || k < 0))
        {
            errors.Add(new("measured_kwh", "invalid_number", "measured_kwh must be a non-negative number of kWh."));
        }

        if (Requests is null && MeasuredKwh is null)
        {
            errors.Add(new("requests", "missing_amount", "Give requests (priced with the service's Wh per unit) or measured_kwh."));
        }
        else if (MeasuredKwh is null && service is { WhPerUnit: null })
        {
            errors.Add(new("requests", "no_energy_per_unit", $"Service '{service.Name}' has no wh_per_unit; give measured_kwh or set it on the service."));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new WorkloadRecord
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            ServiceId = service!.Id,
            Region = Region!.Trim(),
            Zone = zone.Id,
            StartUnix = start.ToUnixTimeSeconds(),
            EndUnix = end.ToUnixTimeSeconds(),
            Units = Requests,
            MeasuredKwh = MeasuredKwh,
            CreatedAt = now.UtcDateTime,
        }, errors);
    }
}
