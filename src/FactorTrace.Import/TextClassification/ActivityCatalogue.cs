using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using FactorTrace.Broker;

namespace FactorTrace.Import.TextClassification;

/// <summary>The broker's activities as the classifier sees them: lookup, nearest ids, and a version for cache keys.</summary>
/// <param name="broker">The current broker, or null while datasets are still loading.</param>
public sealed class ActivityCatalogue(Func<FactorBroker?> broker)
{
    private static readonly ConditionalWeakTable<FactorBroker, string> Versions = [];

    /// <summary>Whether the catalogue is loaded.</summary>
    public bool Ready => broker() is not null;

    /// <summary>A short hash of the loaded datasets and the broker's rules; null while loading.</summary>
    public string? Version => broker() is { } b
        ? Versions.GetValue(b, x => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{x.Store.DatasetVersions};rules={FactorBroker.RulesVersion}")))[..12])
        : null;

    /// <summary>The activity of that id, or null when the catalogue does not hold it.</summary>
    public CatalogueActivity? Find(string id) => string.IsNullOrWhiteSpace(id) ? null : broker()?.FindActivity(id.Trim());

    /// <summary>The local matcher over the catalogue (the broker's search).</summary>
    public Processing.SearchActivityMatcher Matcher => new(() => broker()?.Search);

    /// <summary>
    /// Up to <paramref name="max"/> candidate activities for a line: the search's nearest for the whole text, then for each
    /// word, so a supplier name still brings the activities its words touch.
    /// </summary>
    public IReadOnlyList<CatalogueActivity> Candidates(string text, IEnumerable<string> first, int max)
    {
        if (broker() is not { } b)
        {
            return [];
        }

        var ids = new List<string>(first);
        ids.AddRange(b.Search.SuggestActivities(text, max));
        foreach (var word in TextKey.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 3 && w != "#"))
        {
            ids.AddRange(b.Search.SuggestActivities(word, 5));
        }

        return ids.Distinct(StringComparer.Ordinal).Select(b.FindActivity).OfType<CatalogueActivity>().Take(max).ToList();
    }

    /// <summary>The canonical unit of an activity's unit type (the currency for spend).</summary>
    public static string? UnitOf(CatalogueActivity activity, string? currency) => activity?.UnitType switch
    {
        "mass" => "kg",
        "volume" => "L",
        "energy" => "kWh",
        "distance" => "km",
        "passenger_distance" => "pkm",
        "freight" => "tkm",
        "accommodation" => "room_night",
        "working_time" => "hour",
        "money" => string.IsNullOrWhiteSpace(currency) ? null : currency.Trim().ToUpperInvariant(),
        _ => null,
    };
}
