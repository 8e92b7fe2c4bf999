using Microsoft.AspNetCore.Http.HttpResults;

namespace FactorTrace.Server.Hosting;

/// <summary>Paging and date parameters of list endpoints.</summary>
internal static class Paging
{
    public static ProblemHttpResult? Read(IQueryCollection query, out int offset, out int limit, int defaultLimit = 100, int maxLimit = 1000)
    {
        offset = 0;
        limit = defaultLimit;
        if (query.TryGetValue("offset", out var o) && !string.IsNullOrEmpty(o) && (!int.TryParse(o, out offset) || offset < 0))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", $"offset must be a whole number ≥ 0 (got '{o}').", "offset");
        }

        if (query.TryGetValue("limit", out var l) && !string.IsNullOrEmpty(l) && (!int.TryParse(l, out limit) || limit < 1 || limit > maxLimit))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", $"limit must be between 1 and {maxLimit} (got '{l}').", "limit");
        }

        return null;
    }

    /// <summary>The optional <c>from</c> and <c>to</c> dates; the problem with the first one that is malformed.</summary>
    public static ProblemHttpResult? Dates(IQueryCollection query, out DateOnly? from, out DateOnly? to)
    {
        to = null;
        return Date(query, "from", out from) ?? Date(query, "to", out to);
    }

    public static ProblemHttpResult? Date(IQueryCollection query, string name, out DateOnly? value)
    {
        value = null;
        if (!query.TryGetValue(name, out var text) || string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            value = date;
            return null;
        }

        return Problems.Create(StatusCodes.Status400BadRequest, "invalid_value", $"{name} must be a date as yyyy-MM-dd (got '{text}').", name);
    }
}
