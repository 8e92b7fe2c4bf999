using System.Net;
using System.Text.Json;
namespace FactorTrace.Resilience;

/// <summary>How remote APIs' HTTP responses become outcomes the pipeline can count and retry (remote sources, grid providers).</summary>
public static class HttpFailures
{
    /// <summary>
    /// Throws for a status the pipeline should count: 5xx and 429 as <see cref="TransientFailureException"/> (with the
    /// <c>Retry-After</c>), 401 and 403 as <see cref="HttpRequestException"/>; other statuses pass for the caller to read.
    /// </summary>
    public static void ThrowIfFailed(HttpResponseMessage response, TimeProvider time, string source)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        var retryAfter = RetryAfter(response, time);
        if (status is 429 or >= 500)
        {
            throw new TransientFailureException($"{source} answered HTTP {status}{(retryAfter is { } r ? $" (Retry-After {r.TotalSeconds:0.###} s)" : "")}", retryAfter, status);
        }

        if (status is 401 or 403)
        {
            throw new HttpRequestException($"{source} refused the API key (HTTP {status}).", null, response.StatusCode);
        }
    }

    /// <summary>The wait a response's <c>Retry-After</c> asks for (a delta or a date), or null without one.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Parses a JSON body; a malformed one is a transient failure (counted, retried).</summary>
    public static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, string source, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException ex)
        {
            throw new TransientFailureException($"{source} sent a malformed body: {ex.Message}", ex);
        }
    }

    /// <summary>A string property of an object, or null.</summary>
    public static string? StringProperty(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    /// <summary>A finite number property of an object, or null.</summary>
    public static double? NumberProperty(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    /// <summary>An integer property of an object, or null.</summary>
    public static int? IntProperty(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var i) ? i : null;

    /// <summary>The failure of a body that parsed but lacks what the contract promises.</summary>
    public static TransientFailureException Malformed(string source, string what) => new($"{source} sent a malformed body: {what}");
}
