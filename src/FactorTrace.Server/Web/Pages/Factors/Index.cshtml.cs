using FactorTrace.Search;
using FactorTrace.Server.Factors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactorTrace.Server.Web.Pages.Factors;

/// <summary>The factor explorer: the API's search (same parameters, same rules) with its facets and did-you-mean.</summary>
internal sealed class IndexModel(BrokerHost host) : PageModel
{
    public const int PageSize = 20;

    /// <summary>The facets offered as filters, with their labels, in the API's parameter names.</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> Filters =
        [("source", "Source"), ("region", "Region"), ("unit_type", "Unit type"), ("scope", "Scope"), ("year", "Year"), ("kind", "Kind")];

    public string? NotReady { get; private set; }

    public FieldProblem? Problem { get; private set; }

    public SearchResults? Results { get; private set; }

    public int Offset { get; private set; }

    public void OnGet()
    {
        if (host.Broker is not { } broker)
        {
            NotReady = host.Error is { } error ? $"The factor datasets could not be loaded: {error}" : "The factor datasets are still loading; try again in a moment.";
            return;
        }

        // The page's query is the API's query: only a page size of its own.
        var query = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(StringComparer.Ordinal);
        foreach (var (key, value) in Request.Query)
        {
            if (!string.IsNullOrEmpty(value.ToString()))
            {
                query[key] = value;
            }
        }

        query["limit"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (FactorEndpoints.Find(new QueryCollection(query), broker).Result)
        {
            case Ok<SearchResults> ok:
                Results = ok.Value;
                Offset = int.TryParse(Request.Query["offset"], System.Globalization.CultureInfo.InvariantCulture, out var o) ? o : 0;
                break;
            case ProblemHttpResult problem:
                Problem = FieldProblem.Of(problem);
                break;
        }
    }

    public string Value(string key) => Request.Query[key].ToString();

    /// <summary>This search with one parameter changed (null removes it); a new filter starts again at the first page.</summary>
    public string With(string key, string? value)
    {
        var query = Request.Query.Where(p => p.Key != key && p.Key != "offset" && !string.IsNullOrEmpty(p.Value.ToString()))
            .ToDictionary(p => p.Key, p => (string?)p.Value.ToString(), StringComparer.Ordinal);
        if (value is not null)
        {
            query[key] = value;
        }

        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/factors", query);
    }
}
