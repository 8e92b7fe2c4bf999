namespace FactorTrace.Server.Health;

/// <summary>
/// <c>FactorTrace.Server healthcheck [url]</c>: asks the running service's <c>/health/live</c> (or the given URL) and
/// exits 0 when it answers 2xx, 1 otherwise — the container's health check, since the runtime image has no curl.
/// </summary>
public static class HealthProbe
{
    /// <summary>Whether the arguments ask for the probe rather than the service.</summary>
    public static bool IsRequested(string[] args) => args is ["healthcheck", ..];

    /// <summary>Runs the probe; the URL defaults to the first of <c>ASPNETCORE_URLS</c> (a wildcard host read as 127.0.0.1).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var url = args.Length > 1 ? args[1] : DefaultUrl(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri(url)).ConfigureAwait(false);
            await output.WriteLineAsync($"{url}: {(int)response.StatusCode}").ConfigureAwait(false);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await output.WriteLineAsync($"{url}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The live endpoint on the first configured URL, with <c>+</c>, <c>*</c> and <c>0.0.0.0</c> read as 127.0.0.1.</summary>
    public static string DefaultUrl(string? urls)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://127.0.0.1:8080";
        var local = first.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
        return local.TrimEnd('/') + "/health/live";
    }
}
