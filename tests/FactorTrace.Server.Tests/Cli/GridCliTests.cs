using System.Globalization;
using System.Text.Json;

namespace FactorTrace.Server.Tests.Cli;

/// <summary>
/// <c>factortrace grid …</c> on a fresh data directory: the shipped history ingested once by hash, the interval and the
/// window answered as the API answers them (same JSON), and bad input refused with exit code 2 and what to do.
/// </summary>
public sealed class GridCliTests
{
    [Fact]
    public async Task Grid_IngestThenIntensityAndWindow_AnswersFromTheShippedHistory()
    {
        var data = Directory.CreateTempSubdirectory("factortrace-grid-cli-");
        try
        {
            var environment = new Dictionary<string, string> { ["FactorTrace__DataDirectory"] = data.FullName };
            var (ingest, ingested, _) = await CliProcess.RunAsync(["grid", "ingest"], environment);
            Assert.Equal(0, ingest);
            Assert.Equal(6, ingested.Split('\n').Count(l => l.Contains("8760 hours stored", StringComparison.Ordinal)));
            var (again, againOut, _) = await CliProcess.RunAsync(["grid", "ingest"], environment);
            Assert.Equal(0, again);
            Assert.Equal(6, againOut.Split('\n').Count(l => l.Contains("already ingested", StringComparison.Ordinal)));

            var (intensity, json, _) = await CliProcess.RunAsync(["grid", "intensity", "--zone", "gb", "--from", "2022-03-01T10:00:00Z", "--to", "2022-03-01T12:00:00Z", "--json"], environment);
            Assert.Equal(0, intensity);
            var answer = JsonDocument.Parse(json).RootElement;
            var expected = File.ReadLines(Path.Combine(TestEnvironment.DatasetsPath, "grid-intensity-hourly-electricitymaps", "GB_2022_hourly.csv"))
                .Where(l => l.StartsWith("2022-03-01 10:", StringComparison.Ordinal) || l.StartsWith("2022-03-01 11:", StringComparison.Ordinal))
                .Select(l => double.Parse(l.Split(',')[4], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(2, answer.GetProperty("points").GetArrayLength());
            Assert.Equal(expected.Average(), answer.GetProperty("direct").GetProperty("mean").GetDouble(), 9);

            var (window, windowOut, _) = await CliProcess.RunAsync(["grid", "window", "--zones", "DE,FR", "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-02T00:00:00Z", "--duration-minutes", "180", "--json"], environment);
            Assert.Equal(0, window);
            Assert.Equal("FR", JsonDocument.Parse(windowOut).RootElement.GetProperty("best").GetProperty("zone").GetString());

            var (noOffset, _, noOffsetError) = await CliProcess.RunAsync(["grid", "intensity", "--zone", "DE", "--from", "2023-06-01T00:00:00", "--to", "2023-06-02T00:00:00Z"], environment);
            Assert.Equal(2, noOffset);
            Assert.Contains("offset", noOffsetError, StringComparison.Ordinal);
            var (unknown, _, unknownError) = await CliProcess.RunAsync(["grid", "intensity", "--zone", "DEE", "--from", "2023-06-01T00:00:00Z", "--to", "2023-06-02T00:00:00Z"], environment);
            Assert.Equal(2, unknown);
            Assert.Contains("did you mean DE", unknownError, StringComparison.Ordinal);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
