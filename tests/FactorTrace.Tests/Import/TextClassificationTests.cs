using System.Text.Json.Nodes;
using FactorTrace.Broker;
using FactorTrace.Import.TextClassification;

namespace FactorTrace.Tests.Import;

/// <summary>The prompt offers only the candidates; the answer is checked against them; texts are compared normalised; settings are checked at start.</summary>
public sealed class TextClassificationTests
{
    private static readonly CatalogueActivity[] Candidates =
    [
        new("fuel.diesel", "Diesel (forecourt, average biofuel blend)", "volume", "1", null),
        new("travel.hotel-night", "Hotel stay, one room for one night", "accommodation", "3", "3.6"),
    ];

    [Fact]
    public void Request_SchemaEnumIsTheCandidatesAndNull_LineAndAmountInTheUserMessage()
    {
        var request = ChatPrompt.Request("m1", new ClassifyItem("Hotel Adlon 2 nights", 480, "EUR"), Candidates);
        Assert.Equal("m1", request["model"]!.GetValue<string>());
        var format = request["response_format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        Assert.True(format["json_schema"]!["strict"]!.GetValue<bool>());
        var ids = format["json_schema"]!["schema"]!["properties"]!["activity_id"]!["enum"]!.AsArray();
        Assert.Equal(["fuel.diesel", "travel.hotel-night", null], ids.Select(n => n?.GetValue<string>()));
        var user = request["messages"]!.AsArray()[1]!["content"]!.GetValue<string>();
        Assert.Contains("Hotel Adlon 2 nights", user, StringComparison.Ordinal);
        Assert.Contains("480 EUR", user, StringComparison.Ordinal);
        Assert.Contains("- travel.hotel-night: Hotel stay", user, StringComparison.Ordinal);
        Assert.DoesNotContain("fuel.petrol", request.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"activity_id":"travel.hotel-night","confidence":0.93,"reason":"A hotel."}""", ChatAnswerKind.Accepted, "travel.hotel-night", 0.93)]
    [InlineData("```json\n{\"activity_id\":\"fuel.diesel\",\"confidence\":2,\"reason\":\"\"}\n```", ChatAnswerKind.Accepted, "fuel.diesel", 1.0)]
    [InlineData("""{"activity_id":null,"confidence":0.2,"reason":"Nothing fits."}""", ChatAnswerKind.NoneFits, null, 0.2)]
    [InlineData("""{"activity_id":"fuel.petrol","confidence":0.9,"reason":"Petrol."}""", ChatAnswerKind.OutsideCatalogue, "fuel.petrol", 0.9)]
    [InlineData("""{"activity_id":"FUEL.DIESEL","confidence":0.9}""", ChatAnswerKind.OutsideCatalogue, "FUEL.DIESEL", 0.9)]
    [InlineData("""{"activity_id":7}""", ChatAnswerKind.Malformed, null, 0.0)]
    [InlineData("""{"confidence":0.9}""", ChatAnswerKind.Malformed, null, 0.0)]
    [InlineData("It is diesel.", ChatAnswerKind.Malformed, null, 0.0)]
    [InlineData("", ChatAnswerKind.Malformed, null, 0.0)]
    public void Read_ChecksTheAnswerAgainstTheCandidates(string content, ChatAnswerKind kind, string? id, double confidence)
    {
        var answer = ChatPrompt.Read(content, Candidates);
        Assert.Equal(kind, answer.Kind);
        Assert.Equal(id, answer.ActivityId);
        Assert.Equal(confidence, answer.Confidence, 6);
    }

    [Fact]
    public void Read_LongReason_Cut()
    {
        var answer = ChatPrompt.Read(new JsonObject { ["activity_id"] = "fuel.diesel", ["confidence"] = 0.5, ["reason"] = new string('x', 1000) }.ToJsonString(), Candidates);
        Assert.Equal(ChatPrompt.MaxReason, answer.Reason.Length);
    }

    [Theory]
    [InlineData("Shell fuel card 12/03", "shell fuel card # #")]
    [InlineData("  SHELL   Fuel-Card 2024/11 ", "shell fuel card # #")]
    [InlineData("Café Crème", "cafe creme")]
    [InlineData("AWS EMEA SARL", "aws emea sarl")]
    public void Normalize_CaseAccentsDigitsAndPunctuation(string text, string expected) => Assert.Equal(expected, TextKey.Normalize(text));

    [Fact]
    public void Contains_WholeWordsOnly_CacheKeyBySameNormalisedTextAndCatalogue()
    {
        Assert.True(TextKey.Contains(TextKey.Normalize("Shell fuel card"), "shell"));
        Assert.True(TextKey.Contains(TextKey.Normalize("Hotel Adlon Kempinski"), "adlon kempinski"));
        Assert.False(TextKey.Contains(TextKey.Normalize("Seashell souvenirs"), "shell"));
        Assert.Equal(TextKey.CacheKey("v1", "Shell card 12/03"), TextKey.CacheKey("v1", "SHELL card 14/03"));
        Assert.NotEqual(TextKey.CacheKey("v1", "Shell card"), TextKey.CacheKey("v2", "Shell card"));
    }

    [Fact]
    public void Options_EachWrongSettingNamed()
    {
        var options = new ClassificationOptions
        {
            MonthlyBudget = -1,
            MaxItems = 0,
            Providers =
            [
                new() { Name = "primary", BaseUrl = "http://127.0.0.1:1/v1", Model = "m" },
                new() { Name = "primary", BaseUrl = "ftp://x", Model = "" },
                new() { Name = "has space", BaseUrl = "https://api.example/v1", Model = "m", PromptPricePer1kTokens = -0.1 },
            ],
        };
        var problems = ClassificationOptionsValidator.Problems(options).ToList();
        Assert.Contains(problems, p => p.StartsWith("FactorTrace:Classification:MonthlyBudget", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("FactorTrace:Classification:MaxItems", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("FactorTrace:Classification:Providers:1:Name 'primary' is used", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("FactorTrace:Classification:Providers:1:BaseUrl", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("FactorTrace:Classification:Providers:1:Model", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("FactorTrace:Classification:Providers:2:Name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("FactorTrace:Classification:Providers:2:PromptPricePer1kTokens", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("Providers:0", StringComparison.Ordinal));
        Assert.Empty(ClassificationOptionsValidator.Problems(new ClassificationOptions()));
    }
}
