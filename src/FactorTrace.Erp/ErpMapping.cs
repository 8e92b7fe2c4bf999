using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace FactorTrace.Erp;

/// <summary>
/// Which ERP field holds each part of an activity record (docs/erp.md): the document and line ids that identify a line, its
/// change date (the delta filter and the watermark), the accounting date, a description or an activity id, and a spend
/// with its currency or an amount with its unit. The REST connector also reads where the lines and the next page's link are
/// and which query parameter takes the watermark.
/// </summary>
public sealed partial record ErpMapping
{
    /// <summary>Document id field (required).</summary>
    [JsonPropertyName("document_id")]
    public string? DocumentId { get; init; }

    /// <summary>Line id field (optional: one line per document without it).</summary>
    [JsonPropertyName("line_id")]
    public string? LineId { get; init; }

    /// <summary>Change date field (required): the delta filter and the watermark.</summary>
    [JsonPropertyName("changed_at")]
    public string? ChangedAt { get; init; }

    /// <summary>Accounting date field (required).</summary>
    [JsonPropertyName("date")]
    public string? Date { get; init; }

    /// <summary>Description field (classified when there is no activity id).</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>Supplier field.</summary>
    [JsonPropertyName("supplier")]
    public string? Supplier { get; init; }

    /// <summary>Activity id field.</summary>
    [JsonPropertyName("activity_id")]
    public string? ActivityId { get; init; }

    /// <summary>Spend (net amount) field.</summary>
    [JsonPropertyName("spend")]
    public string? Spend { get; init; }

    /// <summary>Currency field.</summary>
    [JsonPropertyName("currency")]
    public string? Currency { get; init; }

    /// <summary>The currency when the ERP sends none (ISO 4217).</summary>
    [JsonPropertyName("default_currency")]
    public string? DefaultCurrency { get; init; }

    /// <summary>Quantity field.</summary>
    [JsonPropertyName("amount")]
    public string? Amount { get; init; }

    /// <summary>Quantity unit field.</summary>
    [JsonPropertyName("unit")]
    public string? Unit { get; init; }

    /// <summary>Site (plant) field.</summary>
    [JsonPropertyName("site")]
    public string? Site { get; init; }

    /// <summary>Region (country) field.</summary>
    [JsonPropertyName("region")]
    public string? Region { get; init; }

    /// <summary>Scope 3 category field.</summary>
    [JsonPropertyName("category")]
    public string? Category { get; init; }

    /// <summary>REST: the property holding the array of lines (the body itself when it is an array; default <c>value</c>, <c>items</c> or <c>data</c>).</summary>
    [JsonPropertyName("items")]
    public string? Items { get; init; }

    /// <summary>REST: the property holding the next page's URL (default <c>next</c> or <c>@odata.nextLink</c>); no more pages when absent or null.</summary>
    [JsonPropertyName("next")]
    public string? Next { get; init; }

    /// <summary>REST: the query parameter that takes the watermark (ISO 8601 UTC; default <c>changed_since</c>).</summary>
    [JsonPropertyName("since_param")]
    public string? SinceParam { get; init; }

    private static readonly JsonSerializerOptions Json = new() { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
    private static readonly JsonSerializerOptions Stored = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The ERP fields the record fields read (for OData <c>$select</c>).</summary>
    public IReadOnlyList<string> Fields() =>
        new[] { DocumentId, LineId, ChangedAt, Date, Description, Supplier, ActivityId, Spend, Currency, Amount, Unit, Site, Region, Category }
            .Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f!).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Reads and checks a mapping; the problem names the mapping key that is wrong.</summary>
    public static (ErpMapping? Mapping, string? Field, string? Problem) Parse(JsonElement json, string kind)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, "mapping", "The mapping is an object: { \"document_id\": \"…\", \"changed_at\": \"…\", … }.");
        }

        ErpMapping? mapping;
        try
        {
            mapping = json.Deserialize<ErpMapping>(Json);
        }
        catch (JsonException ex)
        {
            return (null, "mapping", $"The mapping is not valid: {ex.Message} Keys: document_id, line_id, changed_at, date, description, supplier, activity_id, spend, currency, default_currency, amount, unit, site, region, category, items, next, since_param.");
        }

        if (mapping is null)
        {
            return (null, "mapping", "The mapping is missing.");
        }

        foreach (var (key, value) in new[] { ("document_id", mapping.DocumentId), ("changed_at", mapping.ChangedAt), ("date", mapping.Date) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return (null, $"mapping.{key}", $"The mapping needs {key}: the ERP field that holds it.");
            }
        }

        if (string.IsNullOrWhiteSpace(mapping.Description) && string.IsNullOrWhiteSpace(mapping.ActivityId))
        {
            return (null, "mapping.description", "The mapping needs a description or an activity_id field.");
        }

        if (string.IsNullOrWhiteSpace(mapping.Spend) && string.IsNullOrWhiteSpace(mapping.Amount))
        {
            return (null, "mapping.spend", "The mapping needs a spend (with currency or default_currency) or an amount (with unit) field.");
        }

        if (!string.IsNullOrWhiteSpace(mapping.Spend) && string.IsNullOrWhiteSpace(mapping.Currency) && string.IsNullOrWhiteSpace(mapping.DefaultCurrency))
        {
            return (null, "mapping.currency", "A spend needs its currency: a currency field, or default_currency.");
        }

        var pattern = kind == ErpKinds.OData ? ODataName() : RestPath();
        foreach (var field in mapping.Fields())
        {
            if (!pattern.IsMatch(field))
            {
                return (null, "mapping", kind == ErpKinds.OData
                    ? $"'{field}' is not an OData property name (letters, digits and _ , at most 100)."
                    : $"'{field}' is not a field name (letters, digits, _, - and . for nested fields, at most 200).");
            }
        }

        if (kind == ErpKinds.OData && (mapping.Items ?? mapping.Next ?? mapping.SinceParam) is not null)
        {
            return (null, "mapping", "items, next and since_param are for REST connections; OData pages are followed by @odata.nextLink.");
        }

        return (mapping, null, null);
    }

    /// <summary>The mapping as stored.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Stored);

    /// <summary>A stored mapping.</summary>
    public static ErpMapping FromJson(string json) => JsonSerializer.Deserialize<ErpMapping>(json) ?? new ErpMapping();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,99}$")]
    private static partial Regex ODataName();

    [GeneratedRegex(@"^[A-Za-z_@$][A-Za-z0-9_\-.@$]{0,199}$")]
    private static partial Regex RestPath();
}

/// <summary>Connection kinds.</summary>
public static class ErpKinds
{
    /// <summary>OData v4 (SAP S/4HANA-style services).</summary>
    public const string OData = "odata";

    /// <summary>Plain REST/JSON, read through the mapping.</summary>
    public const string Rest = "rest";

    /// <summary>Both.</summary>
    public static IReadOnlyList<string> All { get; } = [OData, Rest];
}
