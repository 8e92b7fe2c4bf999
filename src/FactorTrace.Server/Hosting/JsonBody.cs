using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FactorTrace.Server.Hosting;

/// <summary>A request body read as <typeparamref name="T"/>, or the problem that explains why it could not be.</summary>
internal readonly record struct Body<T>(T? Value, ProblemHttpResult? Problem)
    where T : class;

/// <summary>
/// Reads JSON bodies with the API's strict options and turns every failure (not JSON, wrong type, unknown field, too large,
/// wrong content type) into a 4xx problem that names the field.
/// </summary>
internal static class JsonBody
{
    public static async Task<Body<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (NotJson(request) is { } notJson)
        {
            return new(null, notJson);
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, ApiJson.Options, cancellationToken).ConfigureAwait(false);
            return value is null
                ? new(null, Problems.Create(StatusCodes.Status400BadRequest, "invalid_json", "The body is empty or null; send a JSON object."))
                : new(value, null);
        }
        catch (JsonException ex)
        {
            return new(null, FromJsonException(ex));
        }
        catch (BadHttpRequestException ex)
        {
            return new(null, Refused(request, ex));
        }
    }

    /// <summary>The whole body in a pooled buffer (return it by disposing), or the problem.</summary>
    public static async Task<PooledBody> ReadPooledAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (NotJson(request) is { } notJson)
        {
            return new PooledBody(null, 0, notJson);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is { } length and > 0 and < 64 * 1024 * 1024 ? (int)length + 1 : 64 * 1024);
        var used = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(used), cancellationToken).ConfigureAwait(false)) > 0)
            {
                used += read;
                if (used == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, used).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return new PooledBody(null, 0, Refused(request, ex));
        }

        if (used == 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return new PooledBody(null, 0, Problems.Create(StatusCodes.Status400BadRequest, "invalid_json", "The body is empty; send a JSON object."));
        }

        return new PooledBody(buffer, used, null);
    }

    private static ProblemHttpResult? NotJson(HttpRequest request) => request.HasJsonContentType()
        ? null
        : Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
            $"Send the body as application/json (got '{request.ContentType ?? "no content type"}').");

    /// <summary>Kestrel refused the body: too large (its configured limit), or malformed framing.</summary>
    private static ProblemHttpResult Refused(HttpRequest request, BadHttpRequestException ex) => ex.StatusCode == StatusCodes.Status413PayloadTooLarge
        ? Problems.Create(StatusCodes.Status413PayloadTooLarge, "payload_too_large",
            $"The body is larger than the {request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0} bytes allowed.")
        : Problems.Create(ex.StatusCode, "invalid_request", ex.Message);

    public static ProblemHttpResult FromJsonException(JsonException ex, string? pathPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var message = ex.Message;
        var field = FieldOf(ex.Path);
        string detail;
        if (ex is Factors.FieldJsonException known)
        {
            field = known.Field;
            detail = known.Message;
        }
        else if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) && Quoted(message) is { } unknown)
        {
            field = field is { Length: > 0 } ? field : unknown;
            detail = $"Unknown field '{field}'.";
        }
        else if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            detail = "A required field is missing.";
        }
        else if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            detail = $"Field '{field}' has a value of the wrong type or format.";
        }
        else
        {
            detail = $"Malformed JSON{(ex.LineNumber is { } line ? $" at line {line + 1}, byte {ex.BytePositionInLine + 1}" : "")}.";
        }

        if (pathPrefix is not null)
        {
            field = string.IsNullOrEmpty(field) ? pathPrefix : $"{pathPrefix}.{field}";
        }

        return Problems.Create(StatusCodes.Status400BadRequest, "invalid_json", detail, string.IsNullOrEmpty(field) ? null : field);
    }

    private static string FieldOf(string? path) =>
        path is null or "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string? Quoted(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start ? message[(start + 1)..end] : null;
    }
}

/// <summary>A request body in a pooled buffer; disposing returns the buffer.</summary>
internal readonly struct PooledBody(byte[]? buffer, int length, ProblemHttpResult? problem) : IDisposable
{
    public ProblemHttpResult? Problem => problem;

    public ReadOnlySpan<byte> Span => buffer.AsSpan(0, length);

    public void Dispose()
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
