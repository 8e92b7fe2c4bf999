namespace FactorTrace.Caching;

/// <summary>A layer's state for health: <c>up</c>, <c>down</c>, <c>off</c> or <c>read_only</c>.</summary>
public sealed record LayerState(string Layer, string Status, string? Detail);
