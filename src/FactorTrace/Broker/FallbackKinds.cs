namespace FactorTrace.Broker;

/// <summary>The kinds of <see cref="Fallback"/> an answer's provenance lists: how the answer departs from an exact match.</summary>
public static class FallbackKinds
{
    /// <summary>The activity was found by matching its text.</summary>
    public const string TextMatch = "text_match";

    /// <summary>No factor for the requested year; an earlier year's.</summary>
    public const string YearEarlier = "year_earlier";

    /// <summary>No factor for the requested year or earlier; the nearest later year's.</summary>
    public const string YearLater = "year_later";

    /// <summary>No factor for the region; a parent region's.</summary>
    public const string ParentRegion = "parent_region";

    /// <summary>No factor for the region or its parents; another region's.</summary>
    public const string GeographicProxy = "geographic_proxy";

    /// <summary>No factor for the activity; the median of related activities.</summary>
    public const string CategoryProxy = "category_proxy";

    /// <summary>Fuel properties borrowed from a related fuel for a unit conversion.</summary>
    public const string BorrowedFuelProperties = "borrowed_fuel_properties";

    /// <summary>The value could not be recomputed on the requested GWP set.</summary>
    public const string GwpNotRecomputable = "gwp_not_recomputable";

    /// <summary>An aviation factor without radiative forcing.</summary>
    public const string RadiativeForcingNotIncluded = "radiative_forcing_not_included";

    /// <summary>A spend factor at another price basis.</summary>
    public const string PriceBasis = "price_basis";

    /// <summary>A cached answer served past its freshness while its source is unavailable.</summary>
    public const string Stale = "stale";

    /// <summary>Whether the kind is a proxy (another region or other activities), which a calculation does not accept silently.</summary>
    public static bool IsProxy(string kind) => kind is GeographicProxy or CategoryProxy;
}
