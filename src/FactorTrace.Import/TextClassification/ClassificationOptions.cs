using Microsoft.Extensions.Options;

namespace FactorTrace.Import.TextClassification;

/// <summary>Classification of free text (configuration section <c>FactorTrace:Classification</c>).</summary>
public sealed class ClassificationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "FactorTrace:Classification";

    /// <summary>OpenAI-compatible chat-completions providers, tried in order (primary, secondary, …); none = local matching only.</summary>
    public List<LlmProviderOptions> Providers { get; set; } = [];

    /// <summary>Each tenant's monthly language-model budget (in the currency of the prices); once spent, lines are matched locally.</summary>
    public double MonthlyBudget { get; set; } = 10;

    /// <summary>Budgets of single tenants by tenant id, overriding <see cref="MonthlyBudget"/>.</summary>
    public Dictionary<Guid, double> TenantBudgets { get; set; } = [];

    /// <summary>Lines in one classification request at most.</summary>
    public int MaxItems { get; set; } = 500;

    /// <summary>Candidate activity ids sent to a provider with one line (the local matcher's and the search's nearest).</summary>
    public int Candidates { get; set; } = 25;

    /// <summary>How long a language model's answer is reused for the same text (and catalogue version).</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Provider calls of one request in flight at once.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>The budget of a tenant.</summary>
    public double BudgetFor(Guid tenantId) => TenantBudgets.TryGetValue(tenantId, out var budget) ? budget : MonthlyBudget;
}

/// <summary>One OpenAI-compatible chat-completions endpoint (<c>FactorTrace:Classification:Providers:N</c>).</summary>
public sealed class LlmProviderOptions
{
    /// <summary>Short name: the dependency is <c>llm-&lt;Name&gt;</c>, answers say <c>llm:&lt;Name&gt;</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Base URL; requests go to <c>{BaseUrl}/chat/completions</c> (e.g. <c>https://api.openai.com/v1</c>, <c>http://127.0.0.1:11434/v1</c>).</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Model name.</summary>
    public string Model { get; set; } = "";

    /// <summary>Bearer key (optional for local servers).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Price of 1,000 prompt tokens.</summary>
    public double PromptPricePer1kTokens { get; set; }

    /// <summary>Price of 1,000 completion tokens.</summary>
    public double CompletionPricePer1kTokens { get; set; }

    /// <summary>Calls in flight at most.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>The dependency name in health and metrics.</summary>
    public string DependencyName => LlmDependency.NameOf(Name);
}

/// <summary>Dependency names of providers.</summary>
public static class LlmDependency
{
    /// <summary><c>llm-&lt;name&gt;</c> (no colon: the name is a configuration key under <c>FactorTrace:Resilience:Dependencies</c>).</summary>
    public static string NameOf(string provider) => "llm-" + provider;
}

/// <summary>Checks <see cref="ClassificationOptions"/> at start, naming each wrong setting.</summary>
internal sealed class ClassificationOptionsValidator : IValidateOptions<ClassificationOptions>
{
    public ValidateOptionsResult Validate(string? name, ClassificationOptions options)
    {
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    internal static IEnumerable<string> Problems(ClassificationOptions options)
    {
        const string Section = ClassificationOptions.SectionName;
        if (!double.IsFinite(options.MonthlyBudget) || options.MonthlyBudget < 0)
        {
            yield return $"{Section}:MonthlyBudget must be 0 or more (is {options.MonthlyBudget}).";
        }

        foreach (var (tenant, budget) in options.TenantBudgets)
        {
            if (!double.IsFinite(budget) || budget < 0)
            {
                yield return $"{Section}:TenantBudgets:{tenant} must be 0 or more (is {budget}).";
            }
        }

        if (options.MaxItems is < 1 or > 10_000)
        {
            yield return $"{Section}:MaxItems must be 1–10000 (is {options.MaxItems}).";
        }

        if (options.Candidates is < 2 or > 200)
        {
            yield return $"{Section}:Candidates must be 2–200 (is {options.Candidates}).";
        }

        if (options.Parallelism is < 1 or > 64)
        {
            yield return $"{Section}:Parallelism must be 1–64 (is {options.Parallelism}).";
        }

        if (options.CacheDuration <= TimeSpan.Zero)
        {
            yield return $"{Section}:CacheDuration must be positive (is {options.CacheDuration}).";
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Providers.Count; i++)
        {
            var p = options.Providers[i];
            var prefix = $"{Section}:Providers:{i}";
            if (string.IsNullOrWhiteSpace(p.Name) || p.Name.Length > 40 || !p.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                yield return $"{prefix}:Name must be 1–40 letters, digits, '-' or '_' (is '{p.Name}').";
            }
            else if (!names.Add(p.Name))
            {
                yield return $"{prefix}:Name '{p.Name}' is used by another provider.";
            }

            if (!Uri.TryCreate(p.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                yield return $"{prefix}:BaseUrl must be an absolute http(s) URL (is '{p.BaseUrl}').";
            }

            if (string.IsNullOrWhiteSpace(p.Model))
            {
                yield return $"{prefix}:Model is required.";
            }

            if (!double.IsFinite(p.PromptPricePer1kTokens) || p.PromptPricePer1kTokens < 0 || !double.IsFinite(p.CompletionPricePer1kTokens) || p.CompletionPricePer1kTokens < 0)
            {
                yield return $"{prefix}:PromptPricePer1kTokens and CompletionPricePer1kTokens must be 0 or more.";
            }

            if (p.MaxConcurrency is < 1 or > 256)
            {
                yield return $"{prefix}:MaxConcurrency must be 1–256 (is {p.MaxConcurrency}).";
            }
        }
    }
}
