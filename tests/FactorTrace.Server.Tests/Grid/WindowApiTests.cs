using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FactorTrace.Server.Tests.Grid;

/// <summary>
/// <c>POST /api/v1/grid/windows</c> over the shipped history: the best 3-hour window of a day across zones computed by
/// hand from the files, the baseline and savings, and the refusals the peer gets wrong.
/// </summary>
public sealed class WindowApiTests(GridServiceFixture fixture) : IClassFixture<GridServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Windows_DeAndFrOneDayThreeHours_BestAndBaselineAndSavingFromTheFiles()
    {
        var answer = await PostAsync(new { zones = new[] { "de", "FR" }, from = "2023-06-01T00:00:00Z", to = "2023-06-02T00:00:00Z", duration_minutes = 180, signal = "direct", energy_kwh = 100 }, HttpStatusCode.OK);
        var de = Day("DE_2023_hourly.csv", "2023-06-01");
        var fr = Day("FR_2023_hourly.csv", "2023-06-01");
        var (bestStart, bestMean) = Enumerable.Range(0, 22).Select(h => (h, fr.Skip(h).Take(3).Average())).Aggregate((a, b) => b.Item2 < a.Item2 - 1e-9 ? b : a);
        Assert.True(de.Skip(0).Take(22).Select((_, h) => de.Skip(h).Take(3).Average()).Min() > bestMean, "FR is cleaner than DE all day");
        var best = answer.GetProperty("best");
        Assert.Equal("FR", best.GetProperty("zone").GetString());
        Assert.Equal($"2023-06-01T{bestStart:00}:00:00Z", best.GetProperty("start").GetString());
        Assert.Equal($"2023-06-01T{bestStart + 3:00}:00:00Z", best.GetProperty("end").GetString());
        Assert.Equal(bestMean, best.GetProperty("mean").GetDouble(), 9);
        var baseline = de.Take(3).Average();
        Assert.Equal(("DE", baseline), (answer.GetProperty("baseline").GetProperty("zone").GetString(), answer.GetProperty("baseline").GetProperty("mean").GetDouble()), new ToleranceComparer());
        Assert.Equal((baseline - bestMean) / baseline * 100, answer.GetProperty("saving_pct").GetDouble(), 9);
        Assert.Equal(100 * (baseline - bestMean) / 1000, answer.GetProperty("saving_kg").GetDouble(), 9);
        var zones = answer.GetProperty("zones").EnumerateArray().ToList();
        Assert.All(zones, z => Assert.Equal(0, z.GetProperty("hours_missing").GetInt32()));
        Assert.All(zones, z => Assert.Equal("electricitymaps-hourly", z.GetProperty("sources")[0].GetString()));
        var candidates = answer.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("mean").GetDouble()).ToList();
        Assert.Equal(candidates.Order().ToList(), candidates);
        Assert.All(candidates, c => Assert.True(c >= bestMean));
    }

    [Fact]
    public async Task Windows_PastTheEndOfTheHistory_MissingHoursReportedAndExcluded()
    {
        var answer = await PostAsync(new { zones = new[] { "US-CAL-CISO" }, from = "2023-12-31T18:00:00Z", to = "2024-01-01T06:00:00Z", duration_minutes = 120 }, HttpStatusCode.OK);
        var zone = answer.GetProperty("zones")[0];
        Assert.Equal(6, zone.GetProperty("hours_missing").GetInt32());
        Assert.True(zone.GetProperty("windows_excluded").GetInt64() > 0);
        Assert.True(DateTimeOffset.Parse(answer.GetProperty("best").GetProperty("end").GetString()!, CultureInfo.InvariantCulture) <= new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("""{"zones":["DE","Atlantis"],"from":"2023-06-01T00:00:00Z","to":"2023-06-02T00:00:00Z","duration_minutes":180}""", HttpStatusCode.NotFound, "unknown_zone")]
    [InlineData("""{"zones":["DE"],"from":"2023-06-01T00:00:00","to":"2023-06-02T00:00:00Z","duration_minutes":180}""", HttpStatusCode.BadRequest, "missing_offset")]
    [InlineData("""{"zones":["DE"],"from":"2023-06-02T00:00:00Z","to":"2023-06-01T00:00:00Z","duration_minutes":180}""", HttpStatusCode.BadRequest, "invalid_interval")]
    [InlineData("""{"zones":["DE"],"from":"2023-06-01T00:00:00Z","to":"2023-06-01T02:00:00Z","duration_minutes":180}""", HttpStatusCode.BadRequest, "duration_exceeds_interval")]
    [InlineData("""{"zones":["DE"],"from":"2023-06-01T00:00:00Z","to":"2023-07-01T00:00:00Z","duration_minutes":180}""", HttpStatusCode.BadRequest, "horizon_too_long")]
    [InlineData("""{"zones":["DE","de"],"from":"2023-06-01T00:00:00Z","to":"2023-06-02T00:00:00Z","duration_minutes":180}""", HttpStatusCode.BadRequest, "duplicate_zone")]
    [InlineData("""{"zones":["DE"],"from":"2023-06-01T00:00:00Z","to":"2023-06-02T00:00:00Z","duration_minutes":180,"signal":"marginal"}""", HttpStatusCode.BadRequest, "invalid_signal")]
    [InlineData("""{"zones":["DE"],"from":"2023-06-01T00:00:00Z","to":"2023-06-02T00:00:00Z"}""", HttpStatusCode.BadRequest, "invalid_duration")]
    public async Task Windows_BadRequest_ProblemWithCode(string body, HttpStatusCode status, string code)
    {
        using var client = fixture.Service.Client(await fixture.Service.TokenAsync());
        using var response = await client.PostAsync("/api/v1/grid/windows", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, text);
        Assert.Equal(code, JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Windows_SameInstantsInAnotherOffset_SameAnswer()
    {
        var utc = await PostAsync(new { zones = new[] { "GB" }, from = "2022-03-01T00:00:00Z", to = "2022-03-02T00:00:00Z", duration_minutes = 90, step_minutes = 30 }, HttpStatusCode.OK);
        var ny = await PostAsync(new { zones = new[] { "gb" }, from = "2022-02-28T19:00:00-05:00", to = "2022-03-01T19:00:00-05:00", duration_minutes = 90, step_minutes = 30 }, HttpStatusCode.OK);
        Assert.Equal(utc.GetRawText(), ny.GetRawText());
    }

    private async Task<JsonElement> PostAsync(object body, HttpStatusCode status)
    {
        using var client = fixture.Service.Client(await fixture.Service.TokenAsync());
        using var response = await client.PostAsJsonAsync("/api/v1/grid/windows", body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static List<double> Day(string file, string day) =>
        [.. File.ReadLines(Path.Combine(TestEnvironment.DatasetsPath, "grid-intensity-hourly-electricitymaps", file)).Skip(1)
            .Where(l => l.StartsWith(day, StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(',')[4], CultureInfo.InvariantCulture))];

    private sealed class ToleranceComparer : IEqualityComparer<(string?, double)>
    {
        public bool Equals((string?, double) x, (string?, double) y) => x.Item1 == y.Item1 && Math.Abs(x.Item2 - y.Item2) < 1e-9;

        public int GetHashCode((string?, double) obj) => 0;
    }
}
