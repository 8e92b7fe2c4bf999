namespace FactorTrace.Regions;

/// <summary>What a region code denotes.</summary>
public enum RegionKind
{
    /// <summary>Not a region FactorTrace can place.</summary>
    Unknown,

    /// <summary>The whole world (<c>GLOBAL</c>).</summary>
    Global,

    /// <summary>A group of countries (<c>EU27</c>, or an aggregate a dataset publishes).</summary>
    Group,

    /// <summary>An ISO 3166-1 alpha-2 country or territory.</summary>
    Country,

    /// <summary>An ISO 3166-2 subdivision, a city or a grid zone inside one country (<c>US-CA</c>, <c>US-EGRID-CAMX</c>, <c>DK-DK1</c>).</summary>
    Subdivision,
}
