using System.Net;
using FactorTrace.Datasets.Catalogue;
using FactorTrace.Datasets.Download;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FactorTrace.Datasets.Tests.Download;

/// <summary>Pull from a real HTTP mirror on 127.0.0.1 serving the published files (and a tampered copy).</summary>
public sealed class DatasetDownloaderTests : IAsyncLifetime
{
    private readonly DirectoryInfo _target = Directory.CreateTempSubdirectory("factortrace-pull-");
    private WebApplication _mirror = null!;
    private string _baseUrl = "";
    private int _requests;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _mirror = builder.Build();
        _mirror.MapGet("/good/{**path}", (string path) =>
        {
            Interlocked.Increment(ref _requests);
            var file = Path.GetFullPath(Path.Combine(SharedData.Path, path));
            return file.StartsWith(SharedData.Path, StringComparison.Ordinal) && File.Exists(file)
                ? Results.File(file, "application/octet-stream")
                : Results.NotFound();
        });
        _mirror.MapGet("/tampered/{**path}", () => Results.Bytes("not the published file"u8.ToArray()));
        await _mirror.StartAsync();
        _baseUrl = _mirror.Urls.Single();
    }

    public async ValueTask DisposeAsync()
    {
        await _mirror.DisposeAsync();
        _target.Delete(recursive: true);
    }

    private DatasetDownloader CreateSut(string mirror) =>
        new(new HttpClient(), DatasetCatalogue.Default, Options.Create(new DatasetsOptions { Path = _target.FullName, MirrorBaseUrl = mirror }));

    [Fact]
    public async Task Pull_FromMirror_DownloadsVerifiedFilesThenSkipsThem()
    {
        var ct = TestContext.Current.CancellationToken;
        var results = await CreateSut($"{_baseUrl}/good").PullAsync(["ipcc-gwp", "epa-useeio-v1.3"], null, ct);
        Assert.All(results, r => Assert.Equal(FileStatus.Downloaded, r.Status));
        Assert.Equal(3, _requests);

        var verify = await new DatasetVerifier(DatasetCatalogue.Default).VerifyAsync(_target.FullName, ["ipcc-gwp", "epa-useeio-v1.3"], ct);
        Assert.All(verify, r => Assert.Equal(FileStatus.Ok, r.Status));

        var again = await CreateSut($"{_baseUrl}/good").PullAsync(["ipcc-gwp"], null, ct);
        Assert.Equal(FileStatus.Ok, again.Single().Status);
        Assert.Equal(3, _requests);
    }

    [Fact]
    public async Task Pull_LargeFile_ReportsBytesFromZeroToItsLength()
    {
        var progress = new Collected();
        var results = await CreateSut($"{_baseUrl}/good").PullAsync(["epa-useeio-v1.3"], null, progress, TestContext.Current.CancellationToken);

        Assert.All(results, r => Assert.Equal(FileStatus.Downloaded, r.Status));
        var big = progress.Reports.Where(p => p.Path.EndsWith("byGHG_USD2022.csv", StringComparison.Ordinal)).ToList();
        var length = new FileInfo(Path.Combine(SharedData.Path, "epa-supply-chain-factors-v1.3", "SupplyChainGHGEmissionFactors_v1.3.0_NAICS_byGHG_USD2022.csv")).Length;
        Assert.Equal(0, big[0].Bytes);
        Assert.Equal(length, big[0].TotalBytes);
        Assert.True(big[^1].Done);
        Assert.Equal(length, big[^1].Bytes);
        Assert.Equal(length / DatasetDownloader.ProgressStepBytes, big.Count(p => p.Bytes > 0 && !p.Done)); // one report per MiB in between
        Assert.Equal(big.Select(p => p.Bytes).Order(), big.Select(p => p.Bytes));
    }

    private sealed class Collected : IProgress<DownloadProgress>
    {
        public List<DownloadProgress> Reports { get; } = [];

        public void Report(DownloadProgress value) => Reports.Add(value);
    }

    [Fact]
    public async Task Pull_TamperedMirror_RefusesAndKeepsNothing()
    {
        var result = (await CreateSut($"{_baseUrl}/tampered").PullAsync(["ipcc-gwp"], null, TestContext.Current.CancellationToken)).Single();
        Assert.Equal(FileStatus.HashMismatch, result.Status);
        Assert.Contains("expected 9b80412c", result.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_target.FullName, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Pull_MirrorWithout_File_ReportsTheHttpStatus()
    {
        var result = (await CreateSut($"{_baseUrl}/missing").PullAsync(["ipcc-gwp"], null, TestContext.Current.CancellationToken)).Single();
        Assert.Equal(FileStatus.Failed, result.Status);
        Assert.Contains(((int)HttpStatusCode.NotFound).ToString(System.Globalization.CultureInfo.InvariantCulture), result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_ConnectionRefused_FailsWithoutThrowing()
    {
        var result = (await CreateSut("http://127.0.0.1:1").PullAsync(["ipcc-gwp"], null, TestContext.Current.CancellationToken)).Single();
        Assert.Equal(FileStatus.Failed, result.Status);
    }

    [Fact]
    public async Task Verify_EmptyFolder_ReportsEveryFileMissing()
    {
        var results = await new DatasetVerifier(DatasetCatalogue.Default).VerifyAsync(_target.FullName, [], TestContext.Current.CancellationToken);
        Assert.Equal(DatasetCatalogue.Default.Datasets.Sum(d => d.Files.Count), results.Count);
        Assert.All(results, r => Assert.Equal(FileStatus.Missing, r.Status));
    }

    [Fact]
    public async Task Verify_PublishedFolder_MatchesEveryPinnedHash()
    {
        var results = await new DatasetVerifier(DatasetCatalogue.Default).VerifyAsync(SharedData.Path, [], TestContext.Current.CancellationToken);
        Assert.Equal(43, results.Count);
        Assert.All(results, r => Assert.Equal(FileStatus.Ok, r.Status));
    }
}
