using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FactorTrace.Broker;
using FactorTrace.Resilience;

namespace FactorTrace.Import.TextClassification;

/// <summary>
/// One OpenAI-compatible <c>chat/completions</c> endpoint behind its dependency <c>llm-&lt;name&gt;</c> (timeout, retries
/// with jitter honouring <c>Retry-After</c>, breaker, concurrency cap). 429, 5xx, a malformed body or an answer that is
/// not the schema's JSON are failures the breaker counts; an answer naming an activity outside the candidates is an
/// answer (its tokens were spent) that the classifier refuses.
/// </summary>
public sealed class ChatCompletionsProvider : IDisposable
{
    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _time;
    private readonly CappedDependency _calls;
    private readonly Uri _endpoint;

    /// <summary>Creates the provider.</summary>
    public ChatCompletionsProvider(LlmProviderOptions options, IHttpClientFactory clients, DependencyRegistry dependencies, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dependencies);
        Options = options;
        _clients = clients;
        _time = time;
        _calls = new CappedDependency(dependencies.Get(options.DependencyName, DependencyKind.RemoteApi), options.MaxConcurrency);
        _endpoint = new Uri(options.BaseUrl.TrimEnd('/') + "/chat/completions", UriKind.Absolute);
    }

    /// <summary>The named HTTP client every provider uses (no client timeout: the pipeline has one).</summary>
    public const string HttpClientName = "classification";

    /// <summary>Its settings.</summary>
    public LlmProviderOptions Options { get; }

    /// <summary>Its dependency.</summary>
    public Dependency Dependency => _calls.Dependency;

    /// <summary>Asks for one line; failures come back as the outcome, never thrown (cancellation is).</summary>
    public async Task<DependencyResult<ProviderAnswer>> AskAsync(ClassifyItem item, IReadOnlyList<CatalogueActivity> candidates, CancellationToken cancellationToken)
    {
        var body = ChatPrompt.Request(Options.Model, item, candidates).ToJsonString();
        return await _calls.ExecuteAsync(
            static async (s, token) => await s.self.SendAsync(s.body, s.candidates, token).ConfigureAwait(false),
            (self: this, body, candidates),
            cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<ProviderAnswer> SendAsync(string body, IReadOnlyList<CatalogueActivity> candidates, CancellationToken cancellationToken)
    {
        var source = Options.DependencyName;
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (!string.IsNullOrWhiteSpace(Options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Options.ApiKey);
        }

        using var response = await _clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        HttpFailures.ThrowIfFailed(response, _time, source);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{source} answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        }

        using var document = await HttpFailures.ReadJsonAsync(response, source, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
        {
            throw HttpFailures.Malformed(source, "no choices");
        }

        var message = choices[0].ValueKind == JsonValueKind.Object && choices[0].TryGetProperty("message", out var m) ? m : default;
        var content = HttpFailures.StringProperty(message, "content");
        var usage = root.TryGetProperty("usage", out var u) ? u : default;
        var answer = ChatPrompt.Read(content, candidates);
        if (answer.Kind == ChatAnswerKind.Malformed)
        {
            throw HttpFailures.Malformed(source, $"the answer is not the schema's JSON ({answer.Reason})");
        }

        return new ProviderAnswer(answer, Math.Max(0, HttpFailures.IntProperty(usage, "prompt_tokens") ?? 0), Math.Max(0, HttpFailures.IntProperty(usage, "completion_tokens") ?? 0));
    }

    /// <summary>Cost of tokens at the configured prices.</summary>
    public double CostOf(int promptTokens, int completionTokens) =>
        (promptTokens * Options.PromptPricePer1kTokens + completionTokens * Options.CompletionPricePer1kTokens) / 1000;

    /// <inheritdoc />
    public void Dispose() => _calls.Dispose();
}

/// <summary>A provider's checked answer and the tokens it counted.</summary>
/// <param name="Answer">The answer.</param>
/// <param name="PromptTokens">Prompt tokens.</param>
/// <param name="CompletionTokens">Completion tokens.</param>
public sealed record ProviderAnswer(ChatAnswer Answer, int PromptTokens, int CompletionTokens);
