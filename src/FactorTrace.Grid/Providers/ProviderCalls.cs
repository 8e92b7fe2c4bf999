using System.Net;
using System.Text.Json;
using FactorTrace.Resilience;

namespace FactorTrace.Grid.Providers;

/// <summary>A provider's answer to one request: a parsed body, or the provider saying it does not know the zone.</summary>
internal readonly record struct Answer<T>(T? Value, string? UnknownZone)
{
    public static Answer<T> Known(T value) => new(value, null);

    public static Answer<T> Unknown(string message) => new(default, message);
}

/// <summary>How grid providers read HTTP answers and turn pipeline outcomes into <see cref="ProviderResult"/>s.</summary>
internal static class ProviderCalls
{
    private const int MaxMessageLength = 300;

    /// <summary>
    /// The provider's message when it answered 400, 404 or 422 with a body naming <paramref name="subject"/> (the zone or
    /// region); a 4xx about anything else is a fault of ours and not an unknown zone.
    /// </summary>
    public static async Task<string?> UnknownSubjectAsync(HttpResponseMessage response, string subject, CancellationToken cancellationToken)
    {
        if (response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity))
        {
            return null;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var message = MessageOf(body);
        return message.Contains(subject, StringComparison.OrdinalIgnoreCase) ? message : null;
    }

    /// <summary>Throws for every status that is not a success (counted by the breaker; 429 and 5xx retried honouring <c>Retry-After</c>).</summary>
    public static void EnsureSuccess(HttpResponseMessage response, TimeProvider time, string provider)
    {
        HttpFailures.ThrowIfFailed(response, time, provider);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{provider} answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        }
    }

    /// <summary>The answer's failure as a result, or null when it answered for a known zone.</summary>
    public static ProviderResult? Refusal<T>(string provider, DependencyResult<Answer<T>> result) => result.Outcome switch
    {
        DependencyOutcome.Success when result.Value.UnknownZone is { } message => ProviderResult.Failure(provider, ProviderStatus.UnknownZone, message),
        DependencyOutcome.Success => null,
        DependencyOutcome.CircuitOpen => ProviderResult.Failure(provider, ProviderStatus.CircuitOpen, result.Error ?? "circuit open"),
        _ => ProviderResult.Failure(provider, ProviderStatus.Failed, result.Error ?? result.Outcome.ToString()),
    };

    public static ProviderResult Off(string provider) => ProviderResult.Failure(provider, ProviderStatus.Off, $"{provider} is not configured");

    /// <summary>The array under <paramref name="key"/> (or the root itself as one item when the key is null).</summary>
    public static IEnumerable<JsonElement> Items(JsonElement root, string? key, string provider)
    {
        if (key is null)
        {
            return root.ValueKind == JsonValueKind.Object ? [root] : throw HttpFailures.Malformed(provider, "the body is not an object");
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw HttpFailures.Malformed(provider, $"no '{key}' array");
        }

        return array.EnumerateArray();
    }

    private static string MessageOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var text = HttpFailures.StringProperty(root, "message") ?? HttpFailures.StringProperty(root, "error") ?? HttpFailures.StringProperty(root, "detail");
            if (text is not null)
            {
                return Shorten(text);
            }
        }
        catch (JsonException)
        {
            // not JSON: the raw text is the message
        }

        return Shorten(body);
    }

    private static string Shorten(string text) => text.Length <= MaxMessageLength ? text : text[..MaxMessageLength];
}
