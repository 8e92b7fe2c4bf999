using FactorTrace.Factors;
using FactorTrace.Grid.Query;
using FactorTrace.Grid.Zones;

namespace FactorTrace.Grid;

/// <summary>
/// The zone catalogue and the yearly fallback over whatever factor datasets are loaded: before they are, the shipped
/// zone file alone; once they are, every zone of the yearly dataset too. Rebuilt only when the loaded store changes.
/// </summary>
public sealed class GridReference(Func<FactorStore?> factors)
{
    private (FactorStore? Store, ZoneCatalogue Zones, YearlyGridFactors? Yearly)? _current;

    /// <summary>The zone catalogue.</summary>
    public ZoneCatalogue Zones => Current().Zones;

    /// <summary>The yearly fallback (null until datasets are loaded).</summary>
    public YearlyGridFactors? Yearly => Current().Yearly;

    private (FactorStore? Store, ZoneCatalogue Zones, YearlyGridFactors? Yearly) Current()
    {
        var store = factors();
        var current = _current;
        if (current is { } c && ReferenceEquals(c.Store, store))
        {
            return c;
        }

        var yearly = store is null ? null : new YearlyGridFactors(store);
        var built = (store, ZoneCatalogue.Load(yearly?.Zones ?? []), yearly);
        _current = built;
        return built;
    }
}
