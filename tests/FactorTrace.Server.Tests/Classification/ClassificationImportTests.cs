using System.Net;
using System.Text;
using FactorTrace.Server.Tests.Doubles;
using static FactorTrace.Server.Tests.Imports.ImportClient;

namespace FactorTrace.Server.Tests.Classification;

/// <summary>
/// The importer classifies the descriptions the search cannot place before it converts the rows: the tenant's supplier
/// rules and the language model answer, each record keeps how it was classified, and the provider is asked once per
/// distinct text (validation and commit share the cached answer).
/// </summary>
public sealed class ClassificationImportTests
{
    [Fact]
    public async Task Import_DescriptionsOnly_ClassifiedByRuleModelAndSearch_RecordsKeepHow()
    {
        await using var primary = await ChatCompletionsDouble.StartAsync();
        primary.Choose = candidates => candidates.Contains("fuel.diesel") ? "fuel.diesel" : candidates[0];
        await using var service = await ClassificationFailoverTests.StartAsync(primary, null);
        var (_, token) = await service.CreateTenantAsync($"cli-{Guid.NewGuid():N}"[..16]);
        using var client = service.Client(token);
        await ApiCalls.SendAsync(client, HttpMethod.Post, "/api/v1/classification/supplier-rules", new { pattern = "Shell", activity_id = "fuel.petrol" }, HttpStatusCode.Created);

        var csv = "Date,Description,Amount,Unit\r\n"
            + "2024-03-01,Shell card 12/03,40,L\r\n"
            + "2024-03-02,Fuel card Zorblax,55,L\r\n"
            + "2024-03-03,diesel,10,L\r\n"
            + "2024-03-04,Fuel card Zorblax,5,L\r\n";
        var import = await UploadOkAsync(client, Encoding.UTF8.GetBytes(csv), "spend.csv");
        var id = import.GetProperty("id").GetString()!;
        Assert.Equal(4, import.GetProperty("summary").GetProperty("valid").GetInt64());
        var commit = await OkAsync(client, HttpMethod.Post, $"/api/v1/imports/{id}/commit");
        Assert.Equal(4, commit.GetProperty("stored").GetInt64());

        var records = (await RecordsAsync(client, id)).ToDictionary(r => r.GetProperty("amount").GetDouble());
        Assert.Equal(("fuel.petrol", "supplier_rule 1.00"), (records[40].GetProperty("activity_id").GetString(), records[40].GetProperty("classified_by").GetString()));
        Assert.Equal(("fuel.diesel", "llm:primary 0.90"), (records[55].GetProperty("activity_id").GetString(), records[55].GetProperty("classified_by").GetString()));
        Assert.Equal("llm:primary 0.90", records[5].GetProperty("classified_by").GetString());
        Assert.StartsWith("local ", records[10].GetProperty("classified_by").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, primary.Requests);
    }
}
