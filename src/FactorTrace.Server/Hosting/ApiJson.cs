using System.Text.Json;
using System.Text.Json.Serialization;
using FactorTrace.Broker;

namespace FactorTrace.Server.Hosting;

/// <summary>JSON of the API: the CLI's snake_case fields; unknown request fields are refused, numbers are strict.</summary>
internal static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(AnswerHasher.CanonicalOptions));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowTrailingCommas = false;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.MaxDepth = 32;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        return options;
    }
}
