using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FactorTrace.Data.Tenancy;
using FactorTrace.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace FactorTrace.Benchmarks;

/// <summary>
/// Server time of the web application's pages for one tenant with N calculated records, through the real service on
/// 127.0.0.1 (HTTP, authentication, Razor rendering, database): seeds N records into the default tenant, calculates them
/// through <c>POST /api/v1/calculations</c>, then loads each page seven times and prints the median and the worst of the
/// last six. Usage: <c>FactorTrace.Benchmarks pages-e2e sqlite|postgres [records]</c>.
/// </summary>
internal static partial class PagesEndToEnd
{
    public static async Task<int> RunAsync(string provider, int count)
    {
        var database = await BenchDatabase.CreateAsync(provider, "pages").ConfigureAwait(false);
        var data = Directory.CreateTempSubdirectory("pages-bench-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["FactorTrace:DataDirectory"] = data,
            ["FactorTrace:Database:Provider"] = database.Provider,
            ["FactorTrace:Database:ConnectionString"] = database.ConnectionString!,
            ["FactorTrace:Bootstrap:AdminEmail"] = "admin@bench.test",
            ["FactorTrace:Bootstrap:AdminPassword"] = "bench password of some length",
            ["FactorTrace:Grid:IngestDatasetHistory"] = "false",
            ["FactorTrace:Grid:SchedulerEnabled"] = "false",
            ["urls"] = "http://127.0.0.1:0",
        };
        // FT_BENCH_SQL=1: every database command with its time, to find the slow query behind a page.
        var sql = Environment.GetEnvironmentVariable("FT_BENCH_SQL") == "1";
        var app = ServiceHost.Build([.. settings.Select(kv => $"--{kv.Key}={kv.Value}")], b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            if (sql)
            {
                b.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information);
            }
        });
        await app.StartAsync().ConfigureAwait(false);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(30) };
            await WaitReadyAsync(client).ConfigureAwait(false);
            using (var signIn = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = "admin@bench.test", password = "bench password of some length" }).ConfigureAwait(false))
            {
                signIn.EnsureSuccessStatusCode();
                var token = (await signIn.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false)).GetProperty("access_token").GetString();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            var tenantId = (await client.GetFromJsonAsync<JsonElement>("/api/v1/me").ConfigureAwait(false)).GetProperty("tenant_id").GetGuid();
            var scope = new TenantScope();
            scope.Set(tenantId);
            var clock = Stopwatch.StartNew();
            await LedgerWorkload.SeedAsync(database, scope, tenantId, count).ConfigureAwait(false);
            var seeded = clock.Elapsed;
            clock.Restart();
            using (var run = await client.PostAsJsonAsync("/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }).ConfigureAwait(false))
            {
                run.EnsureSuccessStatusCode();
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider}: {count:N0} records seeded in {seeded.TotalSeconds:0.0} s, calculated through the API in {clock.Elapsed.TotalSeconds:0.0} s"));

            var dashboard = await client.GetStringAsync(new Uri("/?from=2024-01-01&to=2024-12-31", UriKind.Relative)).ConfigureAwait(false);
            var figure = System.Net.WebUtility.HtmlDecode(FigureLink().Match(dashboard).Groups[1].Value);
            var runs = await client.GetFromJsonAsync<JsonElement>("/api/v1/calculations").ConfigureAwait(false);
            var runId = (runs.ValueKind == JsonValueKind.Array ? runs[0] : runs.GetProperty("items")[0]).GetProperty("id").GetString();
            var pages = new (string Name, string Url)[]
            {
                ("dashboard (year)", "/?from=2024-01-01&to=2024-12-31"),
                ("rows behind Scope 1 (first page)", figure),
                ("activities (first page of all)", "/activities"),
                ("activities (one site, page 3)", "/activities?site=site-7&offset=100"),
                ("activities (one month)", "/activities?from=2024-06-01&to=2024-06-30"),
                ("calculations", "/calculations"),
                ("calculation detail", $"/calculations/{runId}"),
                ("imports", "/imports"),
                ("reports", "/reports"),
                ("administration (users, keys, audit)", "/admin"),
            };
            Console.WriteLine("| page | first | median | worst |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var (name, url) in pages)
            {
                var times = new List<double>();
                for (var i = 0; i < 7; i++)
                {
                    var timer = Stopwatch.StartNew();
                    using var response = await client.GetAsync(new Uri(url, UriKind.Relative)).ConfigureAwait(false);
                    await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    times.Add(timer.Elapsed.TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                    {
                        Console.Error.WriteLine($"{url}: {(int)response.StatusCode}");
                        return 1;
                    }
                }

                var timed = times.Skip(1).Order().ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {times[0]:N1} ms | {timed[timed.Count / 2]:N1} ms | {timed[^1]:N1} ms |"));
            }

            return 0;
        }
        finally
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            if (Environment.GetEnvironmentVariable("FT_BENCH_KEEP") == "1")
            {
                Console.WriteLine($"kept: {database.ConnectionString}");
            }
            else
            {
                BenchDatabase.Drop(database);
            }

            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task WaitReadyAsync(HttpClient client)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative)).ConfigureAwait(false);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        throw new TimeoutException("the service was not ready within two minutes");
    }

    [GeneratedRegex("data-figure=\"scope1\"[^>]*>.*?<a [^>]*href=\"([^\"]+)\"", RegexOptions.Singleline)]
    private static partial Regex FigureLink();
}
