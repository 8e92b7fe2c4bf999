namespace FactorTrace.Search;

/// <summary>A search request: free text plus filters.</summary>
public sealed record SearchQuery
{
    /// <summary>Free text (fuzzy over names and synonyms); empty lists everything that passes the filters.</summary>
    public string Text { get; init; } = "";

    /// <summary>Only results with this region.</summary>
    public string? Region { get; init; }

    /// <summary>Only results with this year.</summary>
    public int? Year { get; init; }

    /// <summary>Only results from this source.</summary>
    public string? Source { get; init; }

    /// <summary>Only results measured in this unit dimension (<c>volume</c>, <c>energy</c>, <c>money</c>, …).</summary>
    public string? UnitType { get; init; }

    /// <summary>Only results with this scope.</summary>
    public string? Scope { get; init; }

    /// <summary><c>activity</c>, <c>factor</c>, or null for both.</summary>
    public string? Kind { get; init; }

    /// <summary>Page size (1–100).</summary>
    public int Limit { get; init; } = 20;

    /// <summary>Results to skip.</summary>
    public int Offset { get; init; }
}

/// <summary>One search hit.</summary>
/// <param name="Kind"><c>activity</c> or <c>factor</c>.</param>
/// <param name="Id">Activity id or factor id.</param>
/// <param name="Name">Name.</param>
/// <param name="Score">Relevance, higher is better.</param>
/// <param name="UnitType">Unit dimension.</param>
/// <param name="Scope">Scope.</param>
/// <param name="Sources">Sources that have it.</param>
/// <param name="Regions">Regions it is available for (first 20).</param>
/// <param name="Years">Years it is available for.</param>
/// <param name="Unit">The factor's unit (factors only).</param>
public sealed record SearchHit(string Kind, string Id, string Name, double Score, string UnitType, string? Scope,
    IReadOnlyList<string> Sources, IReadOnlyList<string> Regions, IReadOnlyList<int> Years, string? Unit);

/// <summary>A count of results per value of one facet.</summary>
/// <param name="Value">The facet value.</param>
/// <param name="Count">How many results have it.</param>
public sealed record FacetValue(string Value, int Count);

/// <summary>A page of results with the remaining facet values and, when nothing matched, suggestions.</summary>
/// <param name="Total">Results matching the text and filters.</param>
/// <param name="Hits">This page.</param>
/// <param name="Facets">Facet → values with counts, over all matching results (top 20 each).</param>
/// <param name="DidYouMean">Corrected queries and activity ids to try when nothing matched.</param>
public sealed record SearchResults(int Total, IReadOnlyList<SearchHit> Hits, IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets, IReadOnlyList<string> DidYouMean);
