using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactorTrace.Broker;

namespace FactorTrace.Import.TextClassification;

/// <summary>
/// The chat-completions request for one line (a system message with the rules, a user message with the line and its
/// candidate activities, a strict JSON schema whose <c>activity_id</c> is an enum of the candidates) and the check of
/// the answer: an id outside the candidates is refused whatever the model says.
/// </summary>
public static class ChatPrompt
{
    /// <summary>The reason text is cut to this length.</summary>
    public const int MaxReason = 300;

    private const string System =
        "You classify purchase lines and supplier names for greenhouse-gas accounting. Choose the one activity from the candidate list "
        + "that the line buys or consumes. Answer only with JSON matching the schema. Use activity_id null when no candidate fits. "
        + "confidence is 0 to 1. reason is one short sentence.";

    /// <summary>The request body.</summary>
    public static JsonObject Request(string model, ClassifyItem item, IReadOnlyList<CatalogueActivity> candidates)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(candidates);
        var lines = string.Join('\n', candidates.Select(c => $"- {c.Id}: {c.Name} (unit type {c.UnitType}, scope {c.Scope}{(c.Category is null ? "" : $", category {c.Category}")})"));
        var context = item.Amount is { } amount ? string.Create(CultureInfo.InvariantCulture, $"\nAmount: {amount} {item.Currency}") : "";
        var ids = new JsonArray(candidates.Select(c => (JsonNode?)JsonValue.Create(c.Id)).Append(null).ToArray());
        return new JsonObject
        {
            ["model"] = model,
            ["temperature"] = 0,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = System },
                new JsonObject { ["role"] = "user", ["content"] = $"Line: {item.Text.Trim()}{context}\nCandidates:\n{lines}" }),
            ["response_format"] = new JsonObject
            {
                ["type"] = "json_schema",
                ["json_schema"] = new JsonObject
                {
                    ["name"] = "activity_classification",
                    ["strict"] = true,
                    ["schema"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = false,
                        ["required"] = new JsonArray("activity_id", "confidence", "reason"),
                        ["properties"] = new JsonObject
                        {
                            ["activity_id"] = new JsonObject { ["type"] = new JsonArray("string", "null"), ["enum"] = ids },
                            ["confidence"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 },
                            ["reason"] = new JsonObject { ["type"] = "string" },
                        },
                    },
                },
            },
        };
    }

    /// <summary>
    /// The model's answer from the message content: <see cref="ChatAnswer.Kind"/> says whether it names a candidate,
    /// names none (null), names an activity outside the candidates (refused), or is not the schema's JSON (malformed).
    /// </summary>
    public static ChatAnswer Read(string? content, IReadOnlyList<CatalogueActivity> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (string.IsNullOrWhiteSpace(content))
        {
            return ChatAnswer.Malformed("empty answer");
        }

        try
        {
            using var document = JsonDocument.Parse(StripFence(content));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("activity_id", out var id))
            {
                return ChatAnswer.Malformed("no activity_id");
            }

            var confidence = root.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetDouble(out var d) && double.IsFinite(d)
                ? Math.Clamp(d, 0, 1) : 0.5;
            var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()!.Trim() : "";
            reason = reason.Length > MaxReason ? reason[..MaxReason] : reason;
            switch (id.ValueKind)
            {
                case JsonValueKind.Null:
                    return new ChatAnswer(ChatAnswerKind.NoneFits, null, confidence, reason);
                case JsonValueKind.String:
                    var text = id.GetString()!.Trim();
                    var known = candidates.FirstOrDefault(a => string.Equals(a.Id, text, StringComparison.Ordinal));
                    return known is null
                        ? new ChatAnswer(ChatAnswerKind.OutsideCatalogue, text.Length > 200 ? text[..200] : text, confidence, reason)
                        : new ChatAnswer(ChatAnswerKind.Accepted, known.Id, confidence, reason);
                default:
                    return ChatAnswer.Malformed("activity_id is not a string");
            }
        }
        catch (JsonException ex)
        {
            return ChatAnswer.Malformed(ex.Message);
        }
    }

    // Some local servers wrap JSON in a Markdown fence even with a schema.
    private static string StripFence(string content)
    {
        var text = content.Trim();
        if (!text.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        var start = text.IndexOf('\n', StringComparison.Ordinal);
        var end = text.LastIndexOf("```", StringComparison.Ordinal);
        return start > 0 && end > start ? text[(start + 1)..end] : text;
    }
}

/// <summary>What a model's answer is.</summary>
public enum ChatAnswerKind
{
    /// <summary>One of the candidates.</summary>
    Accepted,

    /// <summary>The model says none fits.</summary>
    NoneFits,

    /// <summary>An id outside the candidates: refused, never stored.</summary>
    OutsideCatalogue,

    /// <summary>Not the schema's JSON.</summary>
    Malformed,
}

/// <summary>A model's answer, checked.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="ActivityId">The id it named.</param>
/// <param name="Confidence">0–1.</param>
/// <param name="Reason">The model's reason, or the parse error when malformed.</param>
public sealed record ChatAnswer(ChatAnswerKind Kind, string? ActivityId, double Confidence, string Reason)
{
    /// <summary>A malformed answer.</summary>
    public static ChatAnswer Malformed(string why) => new(ChatAnswerKind.Malformed, null, 0, why);
}
