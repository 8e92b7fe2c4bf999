using FactorTrace.Broker;
using FactorTrace.Resilience;

namespace FactorTrace.Remote;

/// <summary>
/// A Climatiq-shaped estimate API as a broker source: the factor per unit is the estimate of one unit of the activity
/// (in the dimension's canonical unit), with the constituent gases when the API gives them.
/// </summary>
internal sealed class ClimatiqSource(string id, ClimatiqClient client, RemoteSourceOptions options) : IRemoteFactorSource
{
    // Canonical unit per dimension and how Climatiq names its parameters.
    private static readonly Dictionary<string, (string Unit, Func<string, Dictionary<string, object>> Parameters)> ByDimension = new(StringComparer.Ordinal)
    {
        ["energy"] = ("kWh", _ => new() { ["energy"] = 1, ["energy_unit"] = "kWh" }),
        ["mass"] = ("kg", _ => new() { ["weight"] = 1, ["weight_unit"] = "kg" }),
        ["volume"] = ("l", _ => new() { ["volume"] = 1, ["volume_unit"] = "l" }),
        ["distance"] = ("km", _ => new() { ["distance"] = 1, ["distance_unit"] = "km" }),
        ["passenger_distance"] = ("pkm", _ => new() { ["passengers"] = 1, ["distance"] = 1, ["distance_unit"] = "km" }),
        ["freight"] = ("tkm", _ => new() { ["weight"] = 1, ["weight_unit"] = "t", ["distance"] = 1, ["distance_unit"] = "km" }),
        ["money"] = ("", unit => new() { ["money"] = 1, ["money_unit"] = unit.ToLowerInvariant() }),
    };

    public string Id { get; } = id;

    public Dependency Dependency => client.Dependency;

    public async ValueTask<RemoteLookup> FindAsync(RemoteQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var activityId = options.ActivityMap.GetValueOrDefault(query.Activity.Id)
            ?? (query.Activity.PublisherIds.GetValueOrDefault("climatiq-oefdb") is { Count: > 0 } known ? known[0] : null);
        if (activityId is null)
        {
            return RemoteLookup.NotFound($"no Climatiq activity id is known for {query.Activity.Id}");
        }

        if (!ByDimension.TryGetValue(query.UnitDimension, out var shape))
        {
            return RemoteLookup.NotFound($"the estimate API takes no {query.UnitDimension} parameter");
        }

        var unit = shape.Unit.Length == 0 ? query.Unit : shape.Unit;
        var result = await client.EstimateAsync(new ClimatiqEstimateRequest(activityId, query.Region, query.Year, shape.Parameters(unit)), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return new RemoteLookup(null, result.Outcome, result.Error);
        }

        var estimate = result.Value!;
        if (estimate.Co2e is not { } co2e)
        {
            return estimate.ErrorCode == "malformed"
                ? new RemoteLookup(null, DependencyOutcome.Error, estimate.Error)
                : RemoteLookup.NotFound(estimate.Error ?? estimate.ErrorCode ?? "no factor");
        }

        return RemoteLookup.Found(new ExternalFactor
        {
            Id = estimate.FactorId ?? activityId,
            Name = estimate.FactorName ?? activityId,
            KgCo2ePerUnit = co2e,
            Unit = unit,
            GwpSet = estimate.CalculationMethod?.ToUpperInvariant() is { } m && m.StartsWith("AR", StringComparison.Ordinal) ? m : null,
            GasMasses = estimate.Gases,
            Region = (estimate.Region ?? query.Region).ToUpperInvariant(),
            Year = estimate.Year ?? query.Year,
            Version = options.DataVersion ?? "latest",
        });
    }
}
