namespace FactorTrace.Grid.Providers;

/// <summary>The grid providers in failover order: Electricity Maps (primary), then WattTime (fallback).</summary>
public sealed class GridProviders
{
    /// <summary>Creates the set.</summary>
    /// <param name="primary">The provider asked first.</param>
    /// <param name="fallback">The provider asked when the primary has no answer.</param>
    public GridProviders(IGridProvider primary, IGridProvider fallback)
    {
        Primary = primary;
        Fallback = fallback;
        All = [primary, fallback];
    }

    /// <summary>Electricity Maps.</summary>
    public IGridProvider Primary { get; }

    /// <summary>WattTime.</summary>
    public IGridProvider Fallback { get; }

    /// <summary>Every provider, primary first.</summary>
    public IReadOnlyList<IGridProvider> All { get; }
}
