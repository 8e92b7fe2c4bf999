using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FactorTrace.Broker;
using FactorTrace.Caching;
using FactorTrace.Datasets;
using FactorTrace.Datasets.Catalogue;
using FactorTrace.Datasets.Ingestion;
using FactorTrace.Remote;
using FactorTrace.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

// Usage: dotnet run -c Release --project bench/FactorTrace.CacheBench -- l2|zipf [--redis host:port]
// Without --redis a redis-server of its own is started on a free port (Debian's package).
var mode = args.Length > 0 ? args[0] : "l2";
var redisArg = args.SkipWhile(a => a != "--redis").Skip(1).FirstOrDefault();
using var ownRedis = redisArg is null ? StartRedis(out redisArg) : null;
var answer = await LoadAnswerAsync();
var payload = AnswerSerializer.Instance.Serialize(answer);
Console.WriteLine($"payload: {payload.Length} B of JSON (one real answer: {answer.FactorId})");
var redis = await ConnectionMultiplexer.ConnectAsync(redisArg + ",allowAdmin=true");
await redis.GetServers()[0].FlushAllDatabasesAsync();
var dependencies = new DependencyRegistry(Options.Create(new ResilienceOptions()), TimeProvider.System);

try
{
    if (mode == "l2")
    {
        await L2VersusRawGetAsync();
    }
    else
    {
        await ZipfReplayAsync();
    }
}
finally
{
    ownRedis?.Kill();
}

async Task L2VersusRawGetAsync()
{
    const int keys = 50_000;
    await using var cache = new LayeredCache<FactorAnswer>(
        new CacheOptions { Redis = redisArg, MemoryEntries = 100, Disk = false }, AnswerSerializer.Instance, TimeProvider.System, dependencies, new CacheStats(), NullLogger.Instance, null);
    await cache.RedisReady;
    for (var i = 0; i < keys; i++)
    {
        await cache.SetAsync(Key(i), answer, TimeSpan.FromHours(12), TimeSpan.FromHours(24));
    }

    var db = redis.GetDatabase();
    var computed = 0;
    var raw = new List<double>(keys);
    var l2 = new List<double>(keys);
    // Warm-up, then alternating blocks of 1,000 so both see the same machine state.
    for (var round = 0; round < 2; round++)
    {
        raw.Clear();
        l2.Clear();
        for (var block = 0; block < (round == 0 ? 5 : keys / 1000); block++)
        {
            for (var i = block * 1000; i < (block + 1) * 1000; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var bytes = (byte[]?)await db.StringGetAsync(Key(i));
                raw.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                if (bytes is null)
                {
                    throw new InvalidOperationException("raw GET missed");
                }
            }

            cache.ClearMemory();
            for (var i = block * 1000; i < (block + 1) * 1000; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await cache.GetOrAddAsync(Key(i), (_, _) =>
                {
                    computed++;
                    return ValueTask.FromResult(new Computed<FactorAnswer>(answer, TimeSpan.FromHours(1), TimeSpan.FromHours(1), true));
                }, CancellationToken.None);
                l2.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                if (result.Layer != CacheLayer.L2)
                {
                    throw new InvalidOperationException($"expected an L2 hit, got {result.Layer}");
                }
            }
        }
    }

    Console.WriteLine($"{l2.Count:N0} sequential lookups each; factory runs: {computed}");
    Console.WriteLine("| path | p50 µs | p90 µs | p99 µs | p99.9 µs | mean µs |");
    Console.WriteLine("|---|---|---|---|---|---|");
    Print("raw SE.Redis StringGetAsync (peer)", raw);
    Print("L2 hit via LayeredCache (L1 cleared)", l2);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"p99 ratio L2/raw: {Percentile(l2, 0.99) / Percentile(raw, 0.99):0.00} (target ≤ 1.5); p50 difference: {Percentile(l2, 0.5) - Percentile(raw, 0.5):0} µs (target ≤ 50)"));
}

async Task ZipfReplayAsync()
{
    const int keys = 50_000, requests = 1_000_000, warmup = 200_000;
    var disk = Directory.CreateTempSubdirectory("factortrace-zipf-").FullName;
    await using var cache = new LayeredCache<FactorAnswer>(
        new CacheOptions { Redis = redisArg, MemoryEntries = 20_000 }, AnswerSerializer.Instance, TimeProvider.System, dependencies, new CacheStats(), NullLogger.Instance, disk);
    await cache.RedisReady;
    var zipf = new Zipf(keys, 1.0, seed: 42);
    var served = new long[4];
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < requests; i++)
    {
        var result = await cache.GetOrAddAsync(Key(zipf.Next()), (_, _) =>
            ValueTask.FromResult(new Computed<FactorAnswer>(answer, TimeSpan.FromHours(12), TimeSpan.FromHours(24), true)), CancellationToken.None);
        if (i >= warmup)
        {
            served[(int)result.Layer]++;
        }
    }

    var measured = requests - warmup;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Zipf s=1.0 over {keys:N0} keys, {requests:N0} requests ({warmup:N0} warm-up), L1 = 20,000 entries, L2 Redis, L3 disk; {clock.Elapsed.TotalSeconds:0.0} s"));
    Console.WriteLine("| served by | share after warm-up |");
    Console.WriteLine("|---|---|");
    foreach (var layer in new[] { CacheLayer.L1, CacheLayer.L2, CacheLayer.L3, CacheLayer.None })
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {layer.Name()} | {100.0 * served[(int)layer] / measured:0.00} % |"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"overall hit rate: {100.0 * (measured - served[0]) / measured:0.00} % (target ≥ 95 %)"));
    Directory.Delete(disk, recursive: true);
}

static string Key(int i) => "emission_factors:bench:*:" + i.ToString(CultureInfo.InvariantCulture);

static void Print(string name, List<double> samples) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {name} | {Percentile(samples, 0.5):0} | {Percentile(samples, 0.9):0} | {Percentile(samples, 0.99):0} | {Percentile(samples, 0.999):0} | {samples.Average():0} |"));

static double Percentile(List<double> samples, double p)
{
    var sorted = samples.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * p) - 1)];
}

static async Task<FactorAnswer> LoadAnswerAsync()
{
    var path = Environment.GetEnvironmentVariable(DatasetsOptions.PathEnvironmentVariable)
        ?? throw new InvalidOperationException("Set FACTORTRACE_DATASETS_PATH to the datasets folder.");
    var loaded = await new DatasetIngestor(DatasetCatalogue.Default, Options.Create(new DatasetsOptions { Path = path })).IngestAsync([], CancellationToken.None);
    var broker = BrokerFactory.Create(loaded);
    return broker.Resolve(new FactorRequest { Activity = "fuel.diesel", Region = "GB", Year = 2024, Unit = "L" }).Answer
        ?? throw new InvalidOperationException("no answer for the benchmark payload");
}

static Process StartRedis(out string address)
{
    using var probe = new TcpListener(IPAddress.Loopback, 0);
    probe.Start();
    var port = ((IPEndPoint)probe.LocalEndpoint).Port;
    probe.Stop();
    address = $"127.0.0.1:{port}";
    var process = Process.Start(new ProcessStartInfo("redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
    Thread.Sleep(300);
    return process;
}

/// <summary>Zipf(s) over 0..n-1 by inverse CDF (binary search over the cumulative weights).</summary>
internal sealed class Zipf
{
    private readonly double[] _cumulative;
    private readonly Random _random;

    public Zipf(int n, double s, int seed)
    {
        _random = new Random(seed);
        _cumulative = new double[n];
        var sum = 0.0;
        for (var k = 0; k < n; k++)
        {
            sum += 1.0 / Math.Pow(k + 1, s);
            _cumulative[k] = sum;
        }

        for (var k = 0; k < n; k++)
        {
            _cumulative[k] /= sum;
        }
    }

    public int Next()
    {
        var i = Array.BinarySearch(_cumulative, _random.NextDouble());
        return i >= 0 ? i : Math.Min(~i, _cumulative.Length - 1);
    }
}
