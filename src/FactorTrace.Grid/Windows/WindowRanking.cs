namespace FactorTrace.Grid.Windows;

/// <summary>
/// The best windows seen so far, a small sorted array of fixed capacity: lower mean first, then earlier start (smaller
/// step index), then earlier zone in the request. Means within 1e-9 (relative) count as tied, because the prefix sums give
/// the same hours in a different order a different last bit.
/// </summary>
internal sealed class WindowRanking
{
    private readonly double[] _means;
    private readonly long[] _steps;
    private readonly int[] _zones;

    public WindowRanking(int capacity)
    {
        _means = new double[capacity];
        _steps = new long[capacity];
        _zones = new int[capacity];
    }

    public int Count { get; private set; }

    public double MeanAt(int rank) => _means[rank];

    public long StepAt(int rank) => _steps[rank];

    public int ZoneAt(int rank) => _zones[rank];

    public void Offer(double mean, long step, int zone)
    {
        var capacity = _means.Length;
        if (Count == capacity && !Before(mean, step, zone, Count - 1))
        {
            return;
        }

        var at = Count == capacity ? capacity - 1 : Count;
        while (at > 0 && Before(mean, step, zone, at - 1))
        {
            _means[at] = _means[at - 1];
            _steps[at] = _steps[at - 1];
            _zones[at] = _zones[at - 1];
            at--;
        }

        _means[at] = mean;
        _steps[at] = step;
        _zones[at] = zone;
        if (Count < capacity)
        {
            Count++;
        }
    }

    internal static bool Tied(double a, double b) =>
        Math.Abs(a - b) <= 1e-9 * Math.Max(1.0, Math.Max(Math.Abs(a), Math.Abs(b)));

    private bool Before(double mean, long step, int zone, int rank)
    {
        if (!Tied(mean, _means[rank]))
        {
            return mean < _means[rank];
        }

        return step != _steps[rank] ? step < _steps[rank] : zone < _zones[rank];
    }
}
