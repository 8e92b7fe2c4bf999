using System.Globalization;
using FactorTrace.Reporting.Model;
using Microsoft.AspNetCore.WebUtilities;

namespace FactorTrace.Server.Web;

/// <summary>A figure's selector as the query of the page listing the rows behind it, and back.</summary>
internal static class FigureLinks
{
    public static string RowsBehind(Guid runId, FigureSelector s)
    {
        var query = new Dictionary<string, string?>
        {
            ["run"] = runId.ToString(),
            ["from"] = s.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = s.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["view"] = s.View == Scope2View.MarketBased ? "market" : null,
            ["scope"] = s.Scope,
            ["category"] = s.NoCategory ? "none" : s.Category,
            ["site"] = s.NoSite ? "none" : s.Site,
            ["tier"] = s.Tier?.ToString(CultureInfo.InvariantCulture),
            ["basis"] = s.Basis,
        };
        return QueryHelpers.AddQueryString("/emissions", query.Where(p => p.Value is not null));
    }

    /// <summary>The selector of a query, or null with the reason when it is not one.</summary>
    public static FigureSelector? Read(IQueryCollection q, out string? problem)
    {
        problem = null;
        if (!DateOnly.TryParseExact(q["from"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !DateOnly.TryParseExact(q["to"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
        {
            problem = "Give the period as from and to dates (yyyy-mm-dd).";
            return null;
        }

        int? tier = null;
        if (q["tier"].ToString() is { Length: > 0 } tierText)
        {
            if (!int.TryParse(tierText, NumberStyles.None, CultureInfo.InvariantCulture, out var t) || t is < 1 or > 5)
            {
                problem = "The tier must be 1 to 5.";
                return null;
            }

            tier = t;
        }

        string? Text(string name) => q[name].ToString() is { Length: > 0 } v ? v : null;
        return new FigureSelector
        {
            From = from,
            To = to,
            View = Text("view") == "market" ? Scope2View.MarketBased : Scope2View.LocationBased,
            Scope = Text("scope"),
            Category = Text("category") is "none" ? null : Text("category"),
            NoCategory = Text("category") == "none",
            Site = Text("site") is "none" ? null : Text("site"),
            NoSite = Text("site") == "none",
            Tier = tier,
            Basis = Text("basis"),
        };
    }
}
