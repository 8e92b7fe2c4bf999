using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FactorTrace.Server.Tests.Doubles;

/// <summary>
/// An OpenAI-compatible <c>/chat/completions</c> server on 127.0.0.1: by default it answers the first candidate the
/// request's JSON schema offers, with 100 prompt and 20 completion tokens; <see cref="Choose"/> changes the answer and
/// <see cref="Faults"/> injects failures.
/// </summary>
public sealed class ChatCompletionsDouble : IAsyncDisposable
{
    private readonly StubHttpServer _server;

    private ChatCompletionsDouble(StubHttpServer server)
    {
        _server = server;
        server.Handler = HandleAsync;
    }

    public const int PromptTokens = 100;

    public const int CompletionTokens = 20;

    public HttpFaults Faults { get; } = new();

    /// <summary>The activity id to answer, from the candidate ids offered (null answers "none fits").</summary>
    public Func<IReadOnlyList<string>, string?> Choose { get; set; } = candidates => candidates[0];

    /// <summary>The base URL to configure (…/v1).</summary>
    public string BaseUrl => new Uri(_server.Address, "v1").ToString();

    /// <summary>Requests that reached the server.</summary>
    public int Requests => _server.Requests;

    public IEnumerable<string> Bodies => _server.Seen.Select(s => s.Body);

    public static async Task<ChatCompletionsDouble> StartAsync() => new(await StubHttpServer.StartAsync());

    /// <summary>The candidate ids of a request body (the schema's enum, without null).</summary>
    public static IReadOnlyList<string> Candidates(string body) =>
        JsonNode.Parse(body)!["response_format"]!["json_schema"]!["schema"]!["properties"]!["activity_id"]!["enum"]!.AsArray()
            .Where(n => n is not null).Select(n => n!.GetValue<string>()).ToList();

    /// <summary>A chat-completions body whose message content is <paramref name="content"/>.</summary>
    public static string Completion(string content) => new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content }, ["finish_reason"] = "stop" }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = PromptTokens, ["completion_tokens"] = CompletionTokens, ["total_tokens"] = PromptTokens + CompletionTokens },
    }.ToJsonString();

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != "/v1/chat/completions" || context.Request.Method != "POST")
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (Faults.Take() is { } fault)
        {
            await fault(context);
            return;
        }

        var body = _server.Seen.Last().Body;
        var chosen = Choose(Candidates(body));
        var content = JsonSerializer.Serialize(new { activity_id = chosen, confidence = 0.9, reason = "The line names it." });
        await StubHttpServer.Json(context, Completion(content));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
