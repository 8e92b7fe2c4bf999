namespace FactorTrace.Broker;

/// <summary>One activity of the broker's catalogue, as classification answers name it.</summary>
/// <param name="Id">Activity id.</param>
/// <param name="Name">Display name.</param>
/// <param name="UnitType">The unit dimension it is measured in (<c>volume</c>, <c>money</c>, …).</param>
/// <param name="Scope">Default GHG Protocol scope.</param>
/// <param name="Category">Default Scope 3 category (<c>3.6</c>), or null.</param>
public sealed record CatalogueActivity(string Id, string Name, string UnitType, string Scope, string? Category);
