using System.Text.Json;
using FactorTrace.Import.Processing;

namespace FactorTrace.Tests.Import;

public sealed class ImportIssueJsonTests
{
    [Fact]
    public void ToJson_EveryFieldInSnakeCase_NullsIncluded()
    {
        var issue = ImportIssue.Create(12, "Menge", "12,5", "ambiguous_number", ImportIssue.Error, "12,5 reads as 12.5 or 125.", "12.5");
        var column = ImportIssue.Create(null, "Einheit", null, "unknown_unit", ImportIssue.Warning, "No unit.");

        using var json = JsonDocument.Parse(issue.ToJson());
        Assert.Equal(["row", "column", "value", "code", "severity", "message", "suggestion"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(12, json.RootElement.GetProperty("row").GetInt64());
        Assert.Equal("12,5", json.RootElement.GetProperty("value").GetString());
        using var fileLevel = JsonDocument.Parse(column.ToJson());
        Assert.Equal(JsonValueKind.Null, fileLevel.RootElement.GetProperty("row").ValueKind);
        Assert.Equal(JsonValueKind.Null, fileLevel.RootElement.GetProperty("suggestion").ValueKind);
    }
}
