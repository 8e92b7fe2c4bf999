using FactorTrace.Broker;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FactorTrace.Server.Hosting;

/// <summary>RFC 7807 problem details with a stable <c>code</c>, the <c>field</c> at fault and <c>suggestions</c>.</summary>
internal static class Problems
{
    public const string TypeBase = "https://factortrace.dev/problems/";

    public static ProblemHttpResult Create(int status, string code, string detail, string? field = null, IReadOnlyList<string>? suggestions = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (field is not null)
        {
            extensions["field"] = field;
        }

        if (suggestions is { Count: > 0 })
        {
            extensions["suggestions"] = suggestions;
        }

        return TypedResults.Problem(detail, statusCode: status, title: Title(code), type: TypeBase + code, extensions: extensions);
    }

    public static ProblemHttpResult From(BrokerError error) =>
        Create(StatusOf(error.Code), error.Code, error.Message, error.Field, error.Suggestions);

    public static int StatusOf(string brokerCode) => brokerCode switch
    {
        BrokerErrorCodes.NoFactor => StatusCodes.Status404NotFound,
        BrokerErrorCodes.SourceNotAllowed => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    /// <summary>A 422 when the text holds a control or bidirectional-override character (the rule of <see cref="FactorTrace.Text.TextSafety"/>).</summary>
    public static ProblemHttpResult? UnsafeText(string? text, string field, bool multiline = false) =>
        text is not null && FactorTrace.Text.TextSafety.FindUnsafe(text, multiline) is { } found
            ? Create(StatusCodes.Status422UnprocessableEntity, "invalid_value", found.Describe(field), field)
            : null;

    public static ProblemHttpResult NotFound(string resource, string id) =>
        Create(StatusCodes.Status404NotFound, "not_found", $"No {resource} '{id}'.", "id");

    public static ProblemHttpResult DatasetsNotReady(string? error) =>
        Create(StatusCodes.Status503ServiceUnavailable, "datasets_not_ready",
            error is null ? "The datasets are still loading; retry shortly." : $"The datasets could not be loaded: {error}");

    private static string Title(string code) => code switch
    {
        "invalid_json" => "The request body is not valid JSON for this endpoint.",
        "missing_field" => "A required field is missing.",
        "invalid_value" => "A field has a value that is not allowed.",
        "payload_too_large" => "The request body is too large.",
        "unsupported_media_type" => "The request body must be JSON.",
        "unauthorized" => "Authentication is required.",
        "invalid_credentials" => "The credentials are not valid.",
        "forbidden" => "The caller's role does not allow this.",
        "not_found" => "The resource does not exist.",
        "conflict" => "The resource conflicts with an existing one.",
        "rate_limited" => "Too many requests for this tenant.",
        "datasets_not_ready" => "The factor datasets are not loaded.",
        "database_unavailable" => "The database cannot be reached.",
        _ => code.Replace('_', ' '),
    };
}
