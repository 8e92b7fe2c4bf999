namespace FactorTrace.Grid.Zones;

/// <summary>A grid zone: an Electricity Maps zone id with where it is and what other providers call it.</summary>
/// <param name="Id">Zone id, upper case (<c>DE</c>, <c>US-CAL-CISO</c>).</param>
/// <param name="Name">Name.</param>
/// <param name="Country">ISO 3166-1 alpha-2 country.</param>
/// <param name="Subdivisions">ISO 3166-2 subdivisions it serves (empty: the whole country or unknown).</param>
/// <param name="WattTimeRegion">The WattTime region covering the same grid, when known.</param>
/// <param name="Curated">True when described in the shipped zone file; false when only its id and name come from the yearly dataset.</param>
public sealed record GridZone(string Id, string Name, string Country, IReadOnlyList<string> Subdivisions, string? WattTimeRegion, bool Curated);

/// <summary>A cloud provider's region placed in a grid zone.</summary>
/// <param name="Provider"><c>aws</c>, <c>azure</c> or <c>gcp</c>.</param>
/// <param name="Region">The provider's region name (<c>eu-central-1</c>).</param>
/// <param name="Location">Where the provider says the region is.</param>
/// <param name="Zone">The zone serving that place.</param>
/// <param name="Source">The provider's page that publishes the location.</param>
public sealed record CloudRegion(string Provider, string Region, string Location, string Zone, string Source);
