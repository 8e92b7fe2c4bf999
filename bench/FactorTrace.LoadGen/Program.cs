using System.Diagnostics;
using System.Globalization;
using System.Net;

// Open-loop load: request i is due at start + i / rate and its latency runs from that intended time, so a slow
// server cannot slow the generator down and hide its own queueing (no coordinated omission). With --concurrency C it
// runs closed loop instead, for throughput (as wrk does): C connections each send a request as soon as the last is answered.
// Give --url more than once to spread the requests round robin over several instances (a load balancer stand-in).
//   loadgen --url U [--url U2]... [--rate R --seconds S | --concurrency C --seconds S | --sequential N] [--method POST] [--body-file F] [--header "K: V"]... [--warmup-seconds W]
var options = Options.Parse(args);
using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = 512,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    AutomaticDecompression = DecompressionMethods.None,
    UseProxy = false,
};
using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
var body = options.BodyFile is null ? null : File.ReadAllBytes(options.BodyFile);

long sent = -1;

HttpRequestMessage NewRequest()
{
    var url = options.Urls[(int)(Interlocked.Increment(ref sent) % options.Urls.Count)];
    var request = new HttpRequestMessage(new HttpMethod(options.Method), url);
    foreach (var (name, value) in options.Headers)
    {
        request.Headers.TryAddWithoutValidation(name, value);
    }

    if (body is not null)
    {
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    return request;
}

async Task<(double Ms, bool Ok)> SendAsync(long dueTicks)
{
    try
    {
        using var request = NewRequest();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await response.Content.CopyToAsync(Stream.Null).ConfigureAwait(false);
        return (Stopwatch.GetElapsedTime(dueTicks).TotalMilliseconds, response.IsSuccessStatusCode);
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
    {
        return (Stopwatch.GetElapsedTime(dueTicks).TotalMilliseconds, false);
    }
}

if (options.Sequential > 0)
{
    for (var i = 0; i < Math.Max(20, options.Sequential / 5); i++)
    {
        await SendAsync(Stopwatch.GetTimestamp());
    }

    var results = new List<(double Ms, bool Ok)>();
    for (var i = 0; i < options.Sequential; i++)
    {
        results.Add(await SendAsync(Stopwatch.GetTimestamp()));
    }

    Report(results, results.Sum(r => r.Ms) / 1000, "sequential");
    return;
}

if (options.Concurrency > 0)
{
    if (options.WarmupSeconds > 0)
    {
        await ClosedLoopAsync(options.Concurrency, options.WarmupSeconds);
    }

    var (closed, closedSeconds) = await ClosedLoopAsync(options.Concurrency, options.Seconds);
    Report(closed, closedSeconds, $"closed loop, {options.Concurrency} connections");
    return;
}

if (options.WarmupSeconds > 0)
{
    await RunAsync(options.Rate, options.WarmupSeconds);
}

var (measured, elapsed) = await RunAsync(options.Rate, options.Seconds);
Report(measured, elapsed, $"open loop at {options.Rate}/s");

async Task<(List<(double Ms, bool Ok)> Results, double Seconds)> RunAsync(int rate, double seconds)
{
    var total = (int)(rate * seconds);
    var tasks = new Task<(double, bool)>[total];
    var ticksPerRequest = (double)Stopwatch.Frequency / rate;
    var start = Stopwatch.GetTimestamp();
    for (var i = 0; i < total; i++)
    {
        var due = start + (long)(i * ticksPerRequest);
        while (Stopwatch.GetTimestamp() < due)
        {
            var waitMs = (due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
            if (waitMs > 2)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.SpinWait(20);
            }
        }

        tasks[i] = SendAsync(due);
    }

    var results = await Task.WhenAll(tasks);
    return (results.Select(r => (r.Item1, r.Item2)).ToList(), Stopwatch.GetElapsedTime(start).TotalSeconds);
}

async Task<(List<(double Ms, bool Ok)> Results, double Seconds)> ClosedLoopAsync(int connections, double seconds)
{
    var start = Stopwatch.GetTimestamp();
    var end = start + (long)(seconds * Stopwatch.Frequency);
    var perConnection = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
    {
        var mine = new List<(double Ms, bool Ok)>();
        while (Stopwatch.GetTimestamp() < end)
        {
            mine.Add(await SendAsync(Stopwatch.GetTimestamp()).ConfigureAwait(false));
        }

        return mine;
    })));
    return ([.. perConnection.SelectMany(r => r)], Stopwatch.GetElapsedTime(start).TotalSeconds);
}

void Report(List<(double Ms, bool Ok)> results, double seconds, string mode)
{
    var sorted = results.Select(r => r.Ms).Order().ToArray();
    double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    var errors = results.Count(r => !r.Ok);
    var c = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(c,
        $"{options.Method} {string.Join(" + ", options.Urls)} ({mode}): {results.Count} requests in {seconds:F1} s = {results.Count / seconds:F0}/s, errors {errors}; " +
        $"latency ms p50 {P(0.50):F3} p90 {P(0.90):F3} p95 {P(0.95):F3} p99 {P(0.99):F3} p99.9 {P(0.999):F3} max {sorted[^1]:F3}"));
}

internal sealed class Options
{
    public List<string> Urls { get; } = [];
    public string Method { get; private set; } = "GET";
    public string? BodyFile { get; private set; }
    public List<(string, string)> Headers { get; } = [];
    public int Rate { get; private set; } = 1000;
    public double Seconds { get; private set; } = 10;
    public double WarmupSeconds { get; private set; } = 5;
    public int Sequential { get; private set; }
    public int Concurrency { get; private set; }

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--url": o.Urls.Add(value); i++; break;
                case "--method": o.Method = value.ToUpperInvariant(); i++; break;
                case "--body-file": o.BodyFile = value; i++; break;
                case "--header":
                    var colon = value.IndexOf(':', StringComparison.Ordinal);
                    o.Headers.Add((value[..colon].Trim(), value[(colon + 1)..].Trim()));
                    i++;
                    break;
                case "--rate": o.Rate = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--seconds": o.Seconds = double.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--warmup-seconds": o.WarmupSeconds = double.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--sequential": o.Sequential = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--concurrency": o.Concurrency = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                default: throw new ArgumentException($"Unknown option {args[i]}");
            }
        }

        if (o.Urls.Count == 0)
        {
            throw new ArgumentException("--url is required");
        }

        return o;
    }
}
