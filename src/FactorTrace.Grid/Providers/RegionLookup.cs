namespace FactorTrace.Grid.Providers;

/// <summary>The WattTime region of a location, or why there is none.</summary>
/// <param name="Status"><see cref="ProviderStatus.Ok"/>, <see cref="ProviderStatus.UnknownZone"/> (no region there) or a failure.</param>
/// <param name="Region">WattTime's region id (<c>CAISO_NORTH</c>).</param>
/// <param name="Name">Its full name.</param>
/// <param name="Error">Why there is none.</param>
public sealed record RegionLookup(ProviderStatus Status, string? Region, string? Name, string? Error);
