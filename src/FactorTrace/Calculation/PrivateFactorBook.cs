using System.Globalization;
using FactorTrace.Broker;
using FactorTrace.Quality;
using FactorTrace.Sources;

namespace FactorTrace.Calculation;

/// <summary>A factor a tenant supplies itself: a supplier's product footprint or a utility's contractual electricity rate.</summary>
public sealed record PrivateFactorDefinition
{
    /// <summary>Id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The activity it answers for: a canonical id (<c>fuel.diesel</c>) or the tenant's own code.</summary>
    public required string ActivityId { get; init; }

    /// <summary>Name.</summary>
    public required string Name { get; init; }

    /// <summary><see cref="PrivateFactorKinds.Product"/> (first in the cascade) or <see cref="PrivateFactorKinds.ElectricitySupplier"/> (market-based Scope 2).</summary>
    public required string Kind { get; init; }

    /// <summary>Region it applies to; null for any.</summary>
    public string? Region { get; init; }

    /// <summary>Unit of the value.</summary>
    public required string Unit { get; init; }

    /// <summary>kg CO2e per unit.</summary>
    public required double KgCo2ePerUnit { get; init; }

    /// <summary>GWP set of the value.</summary>
    public required string GwpSet { get; init; }

    /// <summary>kg of each gas per unit, where known (CO2e is then recomputed for another GWP set).</summary>
    public IReadOnlyDictionary<string, double> GasKgPerUnit { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Supplier it comes from.</summary>
    public string? Supplier { get; init; }

    /// <summary>First day it is valid; null for always.</summary>
    public DateOnly? ValidFrom { get; init; }

    /// <summary>Last day it is valid; null for open-ended.</summary>
    public DateOnly? ValidTo { get; init; }

    /// <summary>Evidence: a document, EPD or contract reference.</summary>
    public string? Evidence { get; init; }

    /// <summary>Geometric standard deviation, when the supplier states it.</summary>
    public double? Gsd { get; init; }

    /// <summary>Last change (UTC), part of the answer's version.</summary>
    public required DateTime UpdatedAt { get; init; }

    /// <summary>Whether it is valid on any day of [from, to].</summary>
    public bool ValidDuring(DateOnly from, DateOnly to) => (ValidFrom is null || ValidFrom <= to) && (ValidTo is null || ValidTo >= from);
}

/// <summary>The kinds of tenant-private factors.</summary>
public static class PrivateFactorKinds
{
    /// <summary>A product or activity footprint: the first source of the tenant's cascade.</summary>
    public const string Product = "product";

    /// <summary>A supplier-specific electricity emission rate: the market-based Scope 2 step after contractual instruments.</summary>
    public const string ElectricitySupplier = "electricity_supplier";

    /// <summary>All kinds.</summary>
    public static IReadOnlyList<string> All { get; } = [Product, ElectricitySupplier];
}

/// <summary>
/// One tenant's own factors, consulted before any shared source. Their answers go through the broker's unit, fuel and GWP
/// conversion and carry provenance like any other; they are never put in a shared cache.
/// </summary>
public sealed class PrivateFactorBook
{
    /// <summary>The source id private answers carry.</summary>
    public const string SourceId = "tenant-private";

    private static readonly PedigreeScores Pedigree = new(2, 2, 1, 1, 1);
    private readonly Dictionary<string, List<PrivateFactorDefinition>> _byActivity = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<PrivateFactorDefinition>> _bySupplier = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Indexes the tenant's factors.</summary>
    public PrivateFactorBook(IEnumerable<PrivateFactorDefinition> factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        foreach (var factor in factors)
        {
            var index = factor.Kind == PrivateFactorKinds.ElectricitySupplier ? _bySupplier : _byActivity;
            var key = factor.Kind == PrivateFactorKinds.ElectricitySupplier ? factor.Supplier ?? "" : factor.ActivityId;
            if (!index.TryGetValue(key.Trim(), out var list))
            {
                index[key.Trim()] = list = [];
            }

            list.Add(factor);
            Count++;
        }
    }

    /// <summary>A book with no factors.</summary>
    public static PrivateFactorBook Empty { get; } = new([]);

    /// <summary>Number of factors.</summary>
    public int Count { get; }

    /// <summary>The tenant's product factor for an activity in a region valid during [from, to]: an exact region before one for any region, then the latest validity.</summary>
    public PrivateFactorDefinition? Find(string activity, string? region, DateOnly from, DateOnly to) =>
        _byActivity.Count == 0 || activity is null || !_byActivity.TryGetValue(activity.Trim(), out var list) ? null : Best(list, region, from, to);

    /// <summary>The supplier-specific electricity rate of <paramref name="supplier"/> valid on <paramref name="date"/>.</summary>
    public PrivateFactorDefinition? FindSupplier(string? supplier, string? region, DateOnly date) =>
        supplier is null || !_bySupplier.TryGetValue(supplier.Trim(), out var list) ? null : Best(list, region, date, date);

    /// <summary>The broker's answer for <paramref name="request"/> from a private factor (units, fuel and GWP converted; provenance and hash).</summary>
    public static ResolveOutcome Answer(FactorBroker broker, FactorRequest request, PrivateFactorDefinition factor)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(factor);
        var source = new SourceDefinition
        {
            Id = SourceId,
            Name = "The tenant's own factors",
            Datasets = [],
            Kind = "activity",
            Pedigree = Pedigree,
            IsRemote = true,
            LicencePolicy = new LicencePolicy(BulkExport: true, MaxCacheAge: null)
            {
                LicenceId = SourceId,
                Attribution = factor.Evidence is { Length: > 0 } evidence ? $"Supplied by the tenant{(factor.Supplier is null ? "" : $" from {factor.Supplier}")}; evidence: {evidence}" : "Supplied by the tenant",
            },
        };
        var external = new ExternalFactor
        {
            Id = factor.Id.ToString(),
            Name = factor.Name,
            KgCo2ePerUnit = factor.KgCo2ePerUnit,
            Unit = factor.Unit,
            GwpSet = factor.GwpSet,
            GasMasses = factor.GasKgPerUnit,
            Region = factor.Region ?? request.Region,
            Year = request.Year,
            Version = factor.UpdatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Gsd = factor.Gsd,
        };
        var validity = $"valid {factor.ValidFrom?.ToString("O", CultureInfo.InvariantCulture) ?? "always"} to {factor.ValidTo?.ToString("O", CultureInfo.InvariantCulture) ?? "open"}";
        return broker.AnswerFromExternal(request, external, source, [new Attempt(AttemptLevels.Exact, SourceId, external.Region, AttemptOutcomes.Hit, $"{SourceId}:{factor.Id} ({validity})")], []);
    }

    private static PrivateFactorDefinition? Best(List<PrivateFactorDefinition> list, string? region, DateOnly from, DateOnly to)
    {
        PrivateFactorDefinition? best = null;
        foreach (var factor in list)
        {
            if (!factor.ValidDuring(from, to) || (factor.Region is { } r && !string.Equals(r, region, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (best is null || Better(factor, best))
            {
                best = factor;
            }
        }

        return best;

        static bool Better(PrivateFactorDefinition a, PrivateFactorDefinition b) =>
            (a.Region is not null) != (b.Region is not null) ? a.Region is not null
            : a.ValidFrom != b.ValidFrom ? (a.ValidFrom ?? DateOnly.MinValue) > (b.ValidFrom ?? DateOnly.MinValue)
            : a.UpdatedAt > b.UpdatedAt;
    }
}
