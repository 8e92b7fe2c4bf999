namespace FactorTrace.Broker;

/// <summary>What one step of the cascade (an <see cref="Attempt"/>) found.</summary>
public static class AttemptOutcomes
{
    /// <summary>It answered.</summary>
    public const string Hit = "hit";

    /// <summary>It had nothing usable.</summary>
    public const string Miss = "miss";

    /// <summary>It was not asked (not allowed, licence, activity or unit unknown to it).</summary>
    public const string Skipped = "skipped";
}

/// <summary>The levels of the cascade an <see cref="Attempt"/> names.</summary>
public static class AttemptLevels
{
    /// <summary>The requested region.</summary>
    public const string Exact = "exact";

    /// <summary>A parent of the requested region.</summary>
    public const string ParentRegion = FallbackKinds.ParentRegion;

    /// <summary>Any other region.</summary>
    public const string GeographicProxy = FallbackKinds.GeographicProxy;

    /// <summary>Related activities.</summary>
    public const string CategoryProxy = FallbackKinds.CategoryProxy;
}
