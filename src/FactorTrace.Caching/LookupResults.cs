namespace FactorTrace.Caching;

/// <summary>What a lookup in a cache layer found (the <c>result</c> tag of the lookup metric).</summary>
public static class LookupResults
{
    /// <summary>A fresh entry.</summary>
    public const string Hit = "hit";

    /// <summary>An entry past its freshness, still within its hard expiry.</summary>
    public const string Stale = "stale";

    /// <summary>No entry.</summary>
    public const string Miss = "miss";
}
