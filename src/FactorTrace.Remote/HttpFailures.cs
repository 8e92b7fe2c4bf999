using System.Net;
using System.Text.Json;
using FactorTrace.Resilience;

namespace FactorTrace.Remote;

/// <summary>How remote sources turn HTTP responses into outcomes the pipeline can count and retry.</summary>
internal static class HttpFailures
{
    /// <summary>Throws for a status the pipeline should count (5xx, 429, auth); 404 and the given not-found statuses pass.</summary>
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

    public static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    public static double? Number(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    public static int? Int(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var i) ? i : null;

    public static TransientFailureException Malformed(string source, string what) => new($"{source} sent a malformed body: {what}");
}
