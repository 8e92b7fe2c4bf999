using Microsoft.AspNetCore.Http.HttpResults;

namespace FactorTrace.Server.Web;

/// <summary>An API problem (the rule's own words) as a message beside the form field it names.</summary>
internal sealed record FieldProblem(string? Field, string Message, int Status, string? Code)
{
    public static FieldProblem? Of(IResult? result) => result is ProblemHttpResult problem ? Of(problem) : null;

    public static FieldProblem Of(ProblemHttpResult problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var details = problem.ProblemDetails;
        var field = details.Extensions.TryGetValue("field", out var f) ? f as string : null;
        var code = details.Extensions.TryGetValue("code", out var c) ? c as string : null;
        var suggestions = details.Extensions.TryGetValue("suggestions", out var s) && s is IEnumerable<string> list && code is not ("unknown_source" or "invalid_value") ? list.ToList() : [];
        var message = details.Detail ?? details.Title ?? "The request was refused.";
        if (suggestions.Count > 0)
        {
            message += " Did you mean: " + string.Join(", ", suggestions.Take(5)) + "?";
        }

        return new FieldProblem(field, message, problem.StatusCode, code);
    }

    /// <summary>The message when it is about <paramref name="field"/>.</summary>
    public string? For(string field) => string.Equals(Field, field, StringComparison.Ordinal) ? Message : null;
}
