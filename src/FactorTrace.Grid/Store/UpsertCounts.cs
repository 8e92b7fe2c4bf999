namespace FactorTrace.Grid.Store;

/// <summary>What an upsert of hourly points did.</summary>
/// <param name="Inserted">Hours not stored before.</param>
/// <param name="Updated">Hours whose value changed (same or higher quality).</param>
/// <param name="Replaced">Of <paramref name="Updated"/>, forecasts replaced by real values.</param>
/// <param name="Unchanged">Hours stored already with the same values.</param>
/// <param name="Kept">Hours not overwritten because the stored value is of a higher quality (a forecast never replaces a measurement).</param>
public sealed record UpsertCounts(int Inserted, int Updated, int Replaced, int Unchanged, int Kept)
{
    /// <summary>Nothing.</summary>
    public static UpsertCounts None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Rows written (inserted or updated).</summary>
    public int Written => Inserted + Updated;

    /// <summary>The sum of two counts.</summary>
    public UpsertCounts Add(UpsertCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Inserted + other.Inserted, Updated + other.Updated, Replaced + other.Replaced, Unchanged + other.Unchanged, Kept + other.Kept);
    }
}
