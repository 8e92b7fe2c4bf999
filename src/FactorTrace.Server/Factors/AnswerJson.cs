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

    public static byte[] Bytes(FactorAnswer answer) =>
        Cache.GetValue(answer, static a => JsonSerializer.SerializeToUtf8Bytes(a, ApiJson.Options));

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
        writer.WriteEndObject();
    }
}

/// <summary>A JSON response written straight to the body through a <see cref="Utf8JsonWriter"/>.</summary>
internal sealed class JsonWriterResult(Action<Utf8JsonWriter> write, int statusCode = StatusCodes.Status200OK) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter);
        await using (writer.ConfigureAwait(false))
        {
            write(writer);
            await writer.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
