using System.Runtime.CompilerServices;
using System.Text.Json;
using FactorTrace.Broker;
using FactorTrace.Server.Hosting;

namespace FactorTrace.Server.Factors;

/// <summary>
/// UTF-8 JSON of answers, serialized once per answer object: the broker memoizes answers, so warm requests and batches
/// copy bytes instead of serializing again.
/// </summary>
internal static class AnswerJson
{
    private static readonly ConditionalWeakTable<FactorAnswer, byte[]> Cache = [];
    private static readonly ConditionalWeakTable<FactorAnswer, byte[]> SummaryCache = [];

    public static byte[] Bytes(FactorAnswer answer) =>
        Cache.GetValue(answer, static a => JsonSerializer.SerializeToUtf8Bytes(a, ApiJson.Options));

    /// <summary>
    /// The answer's summary (<c>?detail=summary</c> on batches): the value and what identifies and qualifies it —
    /// the full answer, with provenance, is one <c>POST /factors/resolve</c> away and carries the same <c>sha256</c>.
    /// </summary>
    public static byte[] SummaryBytes(FactorAnswer answer) => SummaryCache.GetValue(answer, static a =>
    {
        using var buffer = new MemoryStream(384);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("factor_id", a.FactorId);
            writer.WriteString("activity_id", a.ActivityId);
            writer.WriteNumber("value", a.Value);
            writer.WriteString("unit", a.Unit);
            writer.WriteString("gwp", a.Gwp);
            writer.WriteString("gwp_method", a.GwpMethod);
            writer.WriteString("source", a.Source);
            writer.WriteString("dataset", a.Dataset);
            writer.WriteString("dataset_version", a.DatasetVersion);
            writer.WriteString("region", a.Region);
            writer.WriteNumber("year", a.Year);
            writer.WriteNumber("quality_score", a.Quality.Score);
            writer.WriteNumber("gsd", a.Uncertainty.Gsd);
            writer.WriteString("licence", a.Licence.Id);
            writer.WriteNumber("fallbacks", a.Provenance.Fallbacks.Count);
            writer.WriteString("sha256", a.Provenance.Sha256);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    });

    public static void WriteError(Utf8JsonWriter writer, string code, string? field, string message, IReadOnlyList<string> suggestions)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("code", code);
        writer.WriteString("field", field);
        writer.WriteString("message", message);
        writer.WriteStartArray("suggestions");
        foreach (var suggestion in suggestions)
        {
            writer.WriteStringValue(suggestion);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>An estimation with the same fields as <see cref="Estimation"/>'s JSON, the factor copied from the cache.</summary>
    public static void WriteEstimation(Utf8JsonWriter writer, Estimation estimation)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(estimation);
        writer.WriteStartObject();
        writer.WriteNumber("amount", estimation.Amount);
        writer.WriteNumber("kg_co2e", estimation.KgCo2e);
        writer.WriteStartArray("gases");
        foreach (var gas in estimation.Gases)
        {
            writer.WriteStartObject();
            writer.WriteString("gas", gas.Gas);
            if (gas.Kg is { } kg)
            {
                writer.WriteNumber("kg", kg);
            }
            else
            {
                writer.WriteNull("kg");
            }

            writer.WriteNumber("kg_co2e", gas.KgCo2e);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("kg_co2e_low95", estimation.KgCo2eLow95);
        writer.WriteNumber("kg_co2e_high95", estimation.KgCo2eHigh95);
        writer.WritePropertyName("factor");
        writer.WriteRawValue(Bytes(estimation.Factor), skipInputValidation: true);
        if (estimation.BiogenicCo2Kg is { } biogenic)
        {
            writer.WriteNumber("biogenic_co2_kg", biogenic);
        }
        else
        {
            writer.WriteNull("biogenic_co2_kg");
        }

        writer.WriteEndObject();
    }
}

/// <summary>
/// A JSON response written straight to the body through a <see cref="Utf8JsonWriter"/>; long writers call
/// <see cref="FlushIfFullAsync"/> so large batches stream out instead of piling up in memory.
/// </summary>
internal sealed class JsonWriterResult(Func<Utf8JsonWriter, CancellationToken, ValueTask> write, int statusCode = StatusCodes.Status200OK) : IResult
{
    private const int FlushThreshold = 64 * 1024;

    public JsonWriterResult(Action<Utf8JsonWriter> write)
        : this((writer, _) =>
        {
            write(writer);
            return ValueTask.CompletedTask;
        })
    {
    }

    public static async ValueTask FlushIfFullAsync(Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (writer.BytesPending >= FlushThreshold)
        {
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter, new JsonWriterOptions { SkipValidation = true });
        await using (writer.ConfigureAwait(false))
        {
            await write(writer, httpContext.RequestAborted).ConfigureAwait(false);
            await writer.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
