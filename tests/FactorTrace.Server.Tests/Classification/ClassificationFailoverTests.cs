using System.Globalization;
using System.Net;
using System.Text.Json;
using FactorTrace.Server.Tests.Doubles;
using static FactorTrace.Server.Tests.ApiCalls;

namespace FactorTrace.Server.Tests.Classification;

/// <summary>
/// <c>POST /api/v1/classify</c> against chat-completions providers that are real HTTP servers on 127.0.0.1: the primary
/// fails in every way a provider fails (429, 5xx, a malformed body, an answer that is not the schema's JSON, a slow answer)
/// and the secondary answers; an answer naming an activity outside the catalogue is refused, never cached, and the line
/// falls back to the local matcher; a provider down for the whole run opens its breaker, which health and metrics show;
/// a spent budget sends lines to the local matcher without calling a provider.
/// </summary>
public sealed class ClassificationFailoverTests
{
    internal const string Unknown = "Zorblax Quux GmbH";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Classify_PrimaryFailsEachWay_SecondaryAnswersEveryLine()
    {
        await using var primary = await ChatCompletionsDouble.StartAsync();
        await using var secondary = await ChatCompletionsDouble.StartAsync();
        await using var service = await StartAsync(primary, secondary, new Dictionary<string, string>
        {
            ["FactorTrace:Resilience:Dependencies:llm-primary:Timeout"] = "00:00:00.5",
            ["FactorTrace:Resilience:Dependencies:llm-primary:MinimumThroughput"] = "100",
        });
        using var client = service.Client(await service.TokenAsync());
        var faults = new (string Name, Func<Microsoft.AspNetCore.Http.HttpContext, Task> Fault)[]
        {
            ("429", HttpFaults.Status(429, "0")),
            ("503", HttpFaults.Status(503)),
            ("malformed body", HttpFaults.Malformed),
            ("content not JSON", ctx => StubHttpServer.Json(ctx, ChatCompletionsDouble.Completion("I think it is diesel"))),
            ("slow", HttpFaults.Hang(TimeSpan.FromSeconds(30))),
        };
        for (var i = 0; i < faults.Length; i++)
        {
            primary.Faults.Next.Enqueue(faults[i].Fault);
            var item = (await ClassifyAsync(client, $"{Unknown} {Letters(i)}"))[0];
            Assert.True(item.GetProperty("method").GetString() == "llm:secondary", $"{faults[i].Name}: {item}");
            Assert.Equal("secondary", item.GetProperty("provider").GetString());
            Assert.Equal(ChatCompletionsDouble.PromptTokens, item.GetProperty("tokens").GetProperty("prompt").GetInt32());
        }

        Assert.Equal(faults.Length, primary.Requests);
        Assert.Equal(faults.Length, secondary.Requests);
        var body = secondary.Bodies.First();
        Assert.Contains("\"json_schema\"", body, StringComparison.Ordinal);
        Assert.Contains(Unknown, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_AnswerOutsideCatalogue_RefusedNotCachedLocalAnswers()
    {
        await using var primary = await ChatCompletionsDouble.StartAsync();
        primary.Choose = _ => "made.up.activity";
        await using var service = await StartAsync(primary, null);
        using var client = service.Client(await service.TokenAsync());

        for (var call = 1; call <= 2; call++)
        {
            var item = (await ClassifyAsync(client, Unknown))[0];
            Assert.Equal("local", item.GetProperty("method").GetString());
            Assert.NotEqual("made.up.activity", item.GetProperty("activity_id").ToString());
            Assert.Contains("not in the catalogue", item.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(call, primary.Requests); // nothing was cached: the provider is asked again
        }

        var spend = await SendAsync(client, HttpMethod.Get, "/api/v1/classification/spend", null, HttpStatusCode.OK);
        Assert.Equal(2, spend.GetProperty("providers")[0].GetProperty("requests").GetInt64()); // the refused answers' tokens were spent
    }

    [Fact]
    public async Task Classify_ProviderDownForTheWholeRun_BreakerOpensInHealthAndMetrics_LinesAnsweredLocally()
    {
        var down = ClosedPort();
        await using var service = await ServiceInstance.StartAsync(new Dictionary<string, string>
        {
            ["FactorTrace:Classification:Providers:0:Name"] = "primary",
            ["FactorTrace:Classification:Providers:0:BaseUrl"] = $"http://127.0.0.1:{down}/v1",
            ["FactorTrace:Classification:Providers:0:Model"] = "test-model",
            ["FactorTrace:Classification:Parallelism"] = "1",
            ["FactorTrace:Resilience:Dependencies:llm-primary:MaxRetries"] = "0",
            ["FactorTrace:Resilience:Dependencies:llm-primary:MinimumThroughput"] = "2",
        });
        using var admin = service.Client(await service.TokenAsync());
        var before = JsonDocument.Parse(await admin.GetStringAsync("/health/ready", Ct)).RootElement;
        Assert.Equal("closed", Dependency(before, "llm-primary").GetProperty("breaker").GetString());

        var items = await ClassifyAsync(admin, [.. Enumerable.Range(0, 6).Select(i => $"{Unknown} {Letters(i)}"), "diesel"]);
        Assert.All(items, i => Assert.Equal("local", i.GetProperty("method").GetString()));
        Assert.Equal("fuel.diesel", items[^1].GetProperty("activity_id").GetString());

        var health = JsonDocument.Parse(await admin.GetStringAsync("/health/ready", Ct)).RootElement;
        Assert.Equal("open", Dependency(health, "llm-primary").GetProperty("breaker").GetString());
        var metrics = await admin.GetStringAsync("/metrics", Ct);
        Assert.Contains("llm-primary", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_BudgetSpent_LocalMatcherWithoutCallingAProvider()
    {
        await using var primary = await ChatCompletionsDouble.StartAsync();
        // One answer costs (100 × 1 + 20 × 1) / 1000 = 0.12; the budget is 0.1.
        await using var service = await StartAsync(primary, null, new Dictionary<string, string>
        {
            ["FactorTrace:Classification:MonthlyBudget"] = "0.1",
            ["FactorTrace:Classification:Providers:0:PromptPricePer1kTokens"] = "1",
            ["FactorTrace:Classification:Providers:0:CompletionPricePer1kTokens"] = "1",
        });
        using var client = service.Client(await service.TokenAsync());

        var items = await ClassifyAsync(client, $"{Unknown} a", $"{Unknown} b", $"{Unknown} c");
        Assert.Equal(["llm:primary", "local", "local"], items.Select(i => i.GetProperty("method").GetString()));
        Assert.Contains("budget", items[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, primary.Requests);

        var later = await ClassifyAsync(client, $"{Unknown} d");
        Assert.Equal("local", later[0].GetProperty("method").GetString());
        Assert.Equal(1, primary.Requests);
        var spend = await SendAsync(client, HttpMethod.Get, "/api/v1/classification/spend", null, HttpStatusCode.OK);
        Assert.Equal((0.1, 0.12, 0.0), (spend.GetProperty("budget").GetDouble(), spend.GetProperty("spent").GetDouble(), spend.GetProperty("remaining").GetDouble()));
    }

    [Fact]
    public async Task Classify_BadInput_StructuredProblems()
    {
        await using var service = await ServiceInstance.StartAsync(new Dictionary<string, string> { ["FactorTrace:Classification:MaxItems"] = "3" });
        using var client = service.Client(await service.TokenAsync());
        Assert.Equal("missing_field", (await SendAsync(client, HttpMethod.Post, "/api/v1/classify", new { items = Array.Empty<object>() }, HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal("missing_field", (await SendAsync(client, HttpMethod.Post, "/api/v1/classify", new { }, HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        var tooMany = await SendAsync(client, HttpMethod.Post, "/api/v1/classify", new { items = Enumerable.Range(0, 4).Select(i => new { text = "diesel" }) }, HttpStatusCode.BadRequest);
        Assert.Equal("too_many_items", tooMany.GetProperty("code").GetString());
        var blank = await SendAsync(client, HttpMethod.Post, "/api/v1/classify", new { items = new object[] { new { text = "diesel" }, new { text = "  " } } }, HttpStatusCode.BadRequest);
        Assert.Equal("items[1].text", blank.GetProperty("field").GetString());
        await SendAsync(client, HttpMethod.Post, "/api/v1/classify", new { items = new[] { new { text = 5 } } }, HttpStatusCode.BadRequest);

        // Without providers the local matcher alone answers, in order.
        var items = await ClassifyAsync(client, "Hotel stay 2 nights", "diesel");
        Assert.Equal(["travel.hotel-night", "fuel.diesel"], items.Select(i => i.GetProperty("activity_id").GetString()));
        Assert.Equal(("3.6", "room_night", "local"), (items[0].GetProperty("category").GetString(), items[0].GetProperty("unit").GetString(), items[0].GetProperty("method").GetString()));
    }

    internal static Task<ServiceInstance> StartAsync(ChatCompletionsDouble primary, ChatCompletionsDouble? secondary, Dictionary<string, string>? more = null)
    {
        var settings = Settings(primary, secondary);
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return ServiceInstance.StartAsync(settings);
    }

    internal static Dictionary<string, string> Settings(ChatCompletionsDouble primary, ChatCompletionsDouble? secondary)
    {
        var settings = new Dictionary<string, string>
        {
            ["FactorTrace:Classification:Parallelism"] = "1",
            ["FactorTrace:Classification:Providers:0:Name"] = "primary",
            ["FactorTrace:Classification:Providers:0:BaseUrl"] = primary.BaseUrl,
            ["FactorTrace:Classification:Providers:0:Model"] = "test-model",
            ["FactorTrace:Classification:Providers:0:ApiKey"] = "sk-primary",
            ["FactorTrace:Classification:Providers:0:PromptPricePer1kTokens"] = "0.01",
            ["FactorTrace:Classification:Providers:0:CompletionPricePer1kTokens"] = "0.03",
            ["FactorTrace:Resilience:Dependencies:llm-primary:MaxRetries"] = "0",
        };
        if (secondary is not null)
        {
            settings["FactorTrace:Classification:Providers:1:Name"] = "secondary";
            settings["FactorTrace:Classification:Providers:1:BaseUrl"] = secondary.BaseUrl;
            settings["FactorTrace:Classification:Providers:1:Model"] = "test-model";
        }

        return settings;
    }

    internal static async Task<List<JsonElement>> ClassifyAsync(HttpClient client, params string[] texts)
    {
        var answer = await SendAsync(client, HttpMethod.Post, "/api/v1/classify", new { items = texts.Select(t => new { text = t }) }, HttpStatusCode.OK);
        return [.. answer.GetProperty("items").EnumerateArray()];
    }

    // Digits are one '#' in the cache key: distinct lines differ in letters.
    internal static string Letters(int i) => string.Concat(i.ToString(CultureInfo.InvariantCulture).Select(c => (char)('k' + (c - '0'))));

    private static JsonElement Dependency(JsonElement health, string name) =>
        health.GetProperty("dependencies").EnumerateArray().Single(d => d.GetProperty("name").GetString() == name);

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
