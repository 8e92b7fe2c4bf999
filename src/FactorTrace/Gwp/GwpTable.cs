using System.Collections.Frozen;

namespace FactorTrace.Gwp;

/// <summary>100-year global warming potentials per gas for several IPCC assessment reports.</summary>
public sealed class GwpTable
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, double>> _bySet;

    /// <summary>Creates a table from (set → gas → GWP) values; CO2 = 1 is added to every set.</summary>
    public GwpTable(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _bySet = values.ToFrozenDictionary(
            s => s.Key,
            s =>
            {
                var gases = new Dictionary<string, double>(s.Value, StringComparer.OrdinalIgnoreCase) { ["CO2"] = 1 };
                return gases.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
            },
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The GWP set names present (SAR, TAR, AR4, AR5, AR6, …).</summary>
    public IEnumerable<string> Sets => _bySet.Keys;

    /// <summary>Number of gases with a value in <paramref name="set"/>.</summary>
    public int GasCount(string set) => _bySet.TryGetValue(set, out var g) ? g.Count : 0;

    /// <summary>The GWP of <paramref name="gas"/> in <paramref name="set"/>, or null when the report gives none.</summary>
    public double? Get(string set, string gas) =>
        _bySet.TryGetValue(set, out var gases) && gases.TryGetValue(GasCodes.Normalize(gas), out var v) ? v : null;
}
