using System.Net;
using System.Text.Json;
using FactorTrace.Server.Grid;

namespace FactorTrace.Server.Tests.Grid;

/// <summary>The service with the shipped hourly history loaded into its store.</summary>
public sealed class GridServiceFixture : IAsyncLifetime
{
    public ServiceInstance Service { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Service = await ServiceInstance.StartAsync(new Dictionary<string, string> { ["FactorTrace:Grid:IngestDatasetHistory"] = "true" });
        await Service.Get<GridWorker>().HistoryLoaded.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await Service.DisposeAsync();
}

/// <summary>
/// Hourly intensity over HTTP from the shipped Electricity Maps history: exact values of the published files, half-open
/// intervals, offsets, missing hours, zones and cloud regions, and refusals with what to do.
/// </summary>
public sealed class GridApiTests(GridServiceFixture fixture) : IClassFixture<GridServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Intensity_OneDayOfDe2023_MatchesTheFileHourByHour()
    {
        var answer = await GetAsync("/api/v1/grid/intensity?zone=de&from=2023-01-01T00:00:00Z&to=2023-01-02T00:00:00Z", HttpStatusCode.OK);
        Assert.Equal("DE", answer.GetProperty("zone").GetString());
        Assert.Equal("gCO2eq/kWh", answer.GetProperty("unit").GetString());
        Assert.Equal(24, answer.GetProperty("hours_expected").GetInt32());
        Assert.Equal(0, answer.GetProperty("hours_missing").GetInt32());
        var points = answer.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(24, points.Count);
        // DE_2023_hourly.csv, first line: 2023-01-01 00:00:00,…,152.03,199.59,…
        Assert.Equal("2023-01-01T00:00:00Z", points[0].GetProperty("start").GetString());
        Assert.Equal(152.03, points[0].GetProperty("direct").GetDouble());
        Assert.Equal(199.59, points[0].GetProperty("lifecycle").GetDouble());
        Assert.Equal("electricitymaps-hourly", points[0].GetProperty("source").GetString());
        var expected = ReadFile("DE_2023_hourly.csv").Take(24).ToList();
        Assert.Equal(expected.Average(r => r.Direct), answer.GetProperty("direct").GetProperty("mean").GetDouble(), 9);
        var min = expected.MinBy(r => r.Direct);
        Assert.Equal(min.Direct, answer.GetProperty("direct").GetProperty("min").GetProperty("value").GetDouble());
        Assert.Equal(min.Start, answer.GetProperty("direct").GetProperty("min").GetProperty("start").GetString());
    }

    [Fact]
    public async Task Intensity_SameInstantsInAnotherOffset_SameAnswer()
    {
        var utc = await GetAsync("/api/v1/grid/intensity?zone=FR&from=2023-06-01T00:00:00Z&to=2023-06-01T06:00:00Z", HttpStatusCode.OK);
        var paris = await GetAsync("/api/v1/grid/intensity?zone=fr&from=2023-06-01T02:00:00%2B02:00&to=2023-06-01T08:00:00%2B02:00", HttpStatusCode.OK);
        Assert.Equal(utc.GetRawText(), paris.GetRawText());
        Assert.Equal(6, utc.GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task Intensity_EndIsExclusive_HourStartingAtToIsOutside()
    {
        var answer = await GetAsync("/api/v1/grid/intensity?zone=GB&from=2022-03-01T10:00:00Z&to=2022-03-01T12:00:00Z", HttpStatusCode.OK);
        var starts = answer.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("start").GetString()).ToList();
        Assert.Equal(["2022-03-01T10:00:00Z", "2022-03-01T11:00:00Z"], starts);
    }

    [Fact]
    public async Task Intensity_PastTheShippedYear_MissingHoursReportedAndYearlyMeanBeside()
    {
        var answer = await GetAsync("/api/v1/grid/intensity?zone=US-CAL-CISO&from=2023-12-31T22:00:00Z&to=2024-01-01T02:00:00Z", HttpStatusCode.OK);
        Assert.Equal(4, answer.GetProperty("hours_expected").GetInt32());
        Assert.Equal(2, answer.GetProperty("hours_missing").GetInt32());
        Assert.Equal(["2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z"], answer.GetProperty("missing").EnumerateArray().Select(m => m.GetString()).ToList());
        Assert.Equal(2, answer.GetProperty("direct").GetProperty("hours").GetInt32());
    }

    [Fact]
    public async Task Intensity_CloudRegion_AnswersForItsZone()
    {
        var answer = await GetAsync("/api/v1/grid/intensity?zone=aws:us-east-1&from=2023-07-01T00:00:00Z&to=2023-07-01T01:00:00Z", HttpStatusCode.OK);
        Assert.Equal("US-MIDA-PJM", answer.GetProperty("zone").GetString());
        Assert.Equal(1, answer.GetProperty("points").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/v1/grid/intensity?zone=DEU&from=2023-01-01T00:00:00Z&to=2023-01-02T00:00:00Z", HttpStatusCode.NotFound, "unknown_zone")]
    [InlineData("/api/v1/grid/intensity?zone=DE&from=2023-01-01T00:00:00&to=2023-01-02T00:00:00Z", HttpStatusCode.BadRequest, "missing_offset")]
    [InlineData("/api/v1/grid/intensity?zone=DE&from=2023-01-02T00:00:00Z&to=2023-01-02T00:00:00Z", HttpStatusCode.BadRequest, "invalid_interval")]
    [InlineData("/api/v1/grid/intensity?zone=DE&from=2020-01-01T00:00:00Z&to=2023-01-02T00:00:00Z", HttpStatusCode.BadRequest, "interval_too_long")]
    [InlineData("/api/v1/grid/intensity?zone=DE&from=2023-01-01T00:00:00Z&to=2023-01-02T00:00:00Z&signal=moer", HttpStatusCode.BadRequest, "invalid_signal")]
    [InlineData("/api/v1/grid/intensity/latest", HttpStatusCode.BadRequest, "zone_required")]
    public async Task Intensity_BadRequest_ProblemNamesTheFix(string url, HttpStatusCode status, string code)
    {
        var problem = await GetAsync(url, status);
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Intensity_UnknownZone_SuggestsTheNearestIds()
    {
        var problem = await GetAsync("/api/v1/grid/intensity/latest?zone=US-CAL-CIS", HttpStatusCode.NotFound);
        Assert.Contains("US-CAL-CISO", problem.GetProperty("suggestions").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Latest_NoProviderConfigured_NewestStoredHourAnswersAndSaysSo()
    {
        var answer = await GetAsync("/api/v1/grid/intensity/latest?zone=DE", HttpStatusCode.OK);
        Assert.Equal("store", answer.GetProperty("fallback").GetString());
        Assert.Equal("2023-12-31T23:00:00Z", answer.GetProperty("point").GetProperty("start").GetString());
        Assert.Contains(answer.GetProperty("attempts").EnumerateArray(), a => a.GetProperty("source").GetString() == "electricitymaps" && a.GetProperty("outcome").GetString() == "off");
        Assert.Contains("days old", answer.GetProperty("warning").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latest_ZoneWithoutHourlyData_YearlyMeanAnswersAsSuch()
    {
        var answer = await GetAsync("/api/v1/grid/intensity/latest?zone=SE-SE3", HttpStatusCode.OK);
        Assert.Equal("yearly", answer.GetProperty("fallback").GetString());
        Assert.Equal("electricitymaps-yearly", answer.GetProperty("yearly").GetProperty("dataset").GetString());
        Assert.True(answer.GetProperty("yearly").GetProperty("lifecycle").GetDouble() > 0);
    }

    [Fact]
    public async Task Zones_ListsCuratedAndDatasetZonesWithCloudRegionsAndStoredHours()
    {
        var zones = await GetAsync("/api/v1/grid/zones", HttpStatusCode.OK);
        var list = zones.GetProperty("zones").EnumerateArray().ToDictionary(z => z.GetProperty("id").GetString()!);
        Assert.True(list.Count >= 352, $"{list.Count} zones");
        Assert.Equal("US", list["US-CAL-CISO"].GetProperty("country").GetString());
        Assert.Contains("US-CA", list["US-CAL-CISO"].GetProperty("subdivisions").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(8760, list["FR"].GetProperty("hourly").EnumerateArray().Single().GetProperty("hours").GetInt32());
        Assert.Equal(8760 * 2, list["DE"].GetProperty("hourly").EnumerateArray().Single().GetProperty("hours").GetInt32());
        var cloud = zones.GetProperty("cloud_regions").EnumerateArray().ToList();
        Assert.Contains(cloud, c => c.GetProperty("provider").GetString() == "gcp" && c.GetProperty("region").GetString() == "europe-west3" && c.GetProperty("zone").GetString() == "DE");
        Assert.All(cloud, c => Assert.True(list.ContainsKey(c.GetProperty("zone").GetString()!), c.GetProperty("zone").GetString()));
    }

    [Fact]
    public async Task Runs_HistoryIngestion_RecordedPerFileWithItsHash()
    {
        var runs = await GetAsync("/api/v1/grid/runs?job=dataset", HttpStatusCode.OK);
        var list = runs.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(6, list.Count);
        Assert.All(list, r => Assert.Equal("succeeded", r.GetProperty("outcome").GetString()));
        Assert.All(list, r => Assert.Equal(8760, r.GetProperty("rows").GetInt32()));
        Assert.Contains(list, r => r.GetProperty("detail").GetString()!.Contains("sha256:ab0ab3f5356c5abad765028559700cce517a19ae402484e6e7c9e948b283d9df", StringComparison.Ordinal));
    }

    private async Task<JsonElement> GetAsync(string url, HttpStatusCode status)
    {
        using var client = fixture.Service.Client(await fixture.Service.TokenAsync());
        using var response = await client.GetAsync(url, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static IEnumerable<(string Start, double Direct)> ReadFile(string name) =>
        File.ReadLines(Path.Combine(TestEnvironment.DatasetsPath, "grid-intensity-hourly-electricitymaps", name)).Skip(1)
            .Select(l => l.Split(','))
            .Select(f => (f[0].Replace(' ', 'T') + "Z", double.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture)));
}
