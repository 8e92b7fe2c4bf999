using System.Text.Json;
using FactorTrace.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FactorTrace.Server.Factors;

/// <summary>
/// Reads <c>{"items": [...]}</c> in one pass: each item is bound on its own, so a wrong type or unknown field fails that
/// item alone (with its path) while the others go through; only broken JSON syntax fails the whole batch.
/// </summary>
internal static class BatchParser
{
    public static (List<BatchItem<T>>? Items, ProblemHttpResult? Problem) Parse<T>(ReadOnlySpan<byte> json, int maxItems)
        where T : class
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 32 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, Problems.Create(StatusCodes.Status400BadRequest, "invalid_json", "Send a JSON object {\"items\": [...]}."));
            }

            List<BatchItem<T>>? items = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("items"u8))
                {
                    var name = reader.GetString();
                    return (null, Problems.Create(StatusCodes.Status400BadRequest, "invalid_json", $"Unknown field '{name}'.", name));
                }

                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return (null, Problems.Create(StatusCodes.Status400BadRequest, "invalid_json", "items must be an array.", "items"));
                }

                items = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (items.Count == maxItems)
                    {
                        return (null, Problems.Create(StatusCodes.Status413PayloadTooLarge, "too_many_items", $"A batch holds at most {maxItems} items.", "items"));
                    }

                    items.Add(ReadItem<T>(ref reader, json, items.Count));
                }
            }

            return items is null
                ? (null, Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "Send {\"items\": [...]}.", "items"))
                : (items, null);
        }
        catch (JsonException ex)
        {
            return (null, JsonBody.FromJsonException(ex));
        }
        catch (InvalidOperationException ex) when (ex.InnerException is System.Text.DecoderFallbackException)
        {
            // The reader checks UTF-8 only when a string is decoded (here an unknown field's name).
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "invalid_json", "The body is not valid UTF-8."));
        }
    }

    private static BatchItem<T> ReadItem<T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, int index)
        where T : class
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return new(default, new ItemError("invalid_json", $"items[{index}]", "Each item must be a JSON object.", []));
        }

        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var item = json[start..(int)reader.BytesConsumed];
        try
        {
            return new(JsonSerializer.Deserialize<T>(item, ApiJson.Options), null);
        }
        catch (JsonException ex)
        {
            var details = JsonBody.FromJsonException(ex, $"items[{index}]").ProblemDetails;
            return new(default, new ItemError("invalid_json", details.Extensions.TryGetValue("field", out var f) ? f as string : $"items[{index}]", details.Detail ?? "Malformed item.", []));
        }
    }
}
