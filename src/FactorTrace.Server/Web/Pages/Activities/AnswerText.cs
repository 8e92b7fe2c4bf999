using System.Globalization;
using System.Text.Json;

namespace FactorTrace.Server.Web.Pages.Activities;

/// <summary>Fields of a factor answer as the API serves it (snake_case JSON), as text for a page.</summary>
internal static class AnswerText
{
    /// <summary>The value at a path of property names, as text; empty when absent.</summary>
    public static string Of(JsonElement? answer, params string[] path)
    {
        if (answer is not { } element)
        {
            return "";
        }

        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return "";
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString() ?? "",
            JsonValueKind.Number => element.GetDouble().ToString("G6", CultureInfo.InvariantCulture),
            JsonValueKind.True => "yes",
            JsonValueKind.False => "no",
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            _ => element.GetRawText(),
        };
    }

    /// <summary>A relative value at a path as a signed percentage (<c>-0.07</c> is <c>-7.0 %</c>); empty when absent.</summary>
    public static string Percent(JsonElement? answer, params string[] path) =>
        double.TryParse(Of(answer, path), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? (x * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %" : "";

    /// <summary>The dataset versions the answer names, as <c>dataset version (hash)</c>.</summary>
    public static IEnumerable<string> DatasetVersions(JsonElement? answer)
    {
        if (answer is not { } element || !element.TryGetProperty("dataset_versions", out var versions) || versions.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var v in versions.EnumerateArray())
        {
            yield return $"{Of(v, "dataset")} {Of(v, "version")} ({Of(v, "content_hash")})";
        }
    }
}
