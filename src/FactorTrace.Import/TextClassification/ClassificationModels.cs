namespace FactorTrace.Import.TextClassification;

/// <summary>One purchase line or supplier name to classify.</summary>
/// <param name="Text">The line as written.</param>
/// <param name="Amount">Its amount, when known (context for the model).</param>
/// <param name="Currency">Its currency, when known (the unit of a spend-based activity).</param>
public sealed record ClassifyItem(string Text, double? Amount = null, string? Currency = null);

/// <summary>What a line was classified as, and how.</summary>
/// <param name="Text">The line.</param>
/// <param name="ActivityId">The activity, or null when nothing fits.</param>
/// <param name="Category">Scope 3 category (<c>3.6</c>), or null (Scope 1 or 2, or unknown).</param>
/// <param name="Scope">The activity's scope.</param>
/// <param name="Unit">The unit its amounts are in (the activity's canonical unit; the currency for spend).</param>
/// <param name="Confidence">0–1.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Method"><see cref="ClassificationMethods"/>.</param>
/// <param name="Provider">The language model provider that answered (also for a cached answer), or null.</param>
/// <param name="PromptTokens">Prompt tokens this line spent (0 unless a provider was called).</param>
/// <param name="CompletionTokens">Completion tokens this line spent.</param>
/// <param name="Alternatives">Other activity ids that came close.</param>
public sealed record ClassificationResult(
    string Text, string? ActivityId, string? Category, string? Scope, string? Unit, double Confidence, string Reason, string Method, string? Provider,
    int PromptTokens, int CompletionTokens, IReadOnlyList<string> Alternatives);

/// <summary>How a line was classified.</summary>
public static class ClassificationMethods
{
    /// <summary>The broker's search (deterministic).</summary>
    public const string Local = "local";

    /// <summary>A rule of the tenant.</summary>
    public const string SupplierRule = "supplier_rule";

    /// <summary>A language model's earlier answer for the same text and catalogue.</summary>
    public const string Cache = "cache";

    /// <summary>A language model's answer: <c>llm:&lt;provider&gt;</c>.</summary>
    public static string Llm(string provider) => "llm:" + provider;
}

/// <summary>A language model's accepted answer, as cached.</summary>
/// <param name="ActivityId">The activity (in the catalogue).</param>
/// <param name="Confidence">0–1.</param>
/// <param name="Reason">The model's reason.</param>
/// <param name="Provider">Who answered.</param>
public sealed record CachedClassification(string ActivityId, double Confidence, string Reason, string Provider);
