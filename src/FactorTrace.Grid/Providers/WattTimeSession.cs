using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FactorTrace.Resilience;

namespace FactorTrace.Grid.Providers;

/// <summary>
/// WattTime's bearer token: <c>GET /login</c> with HTTP basic auth answers <c>{"token": …}</c>, valid about 30 minutes.
/// The token is kept and renewed before it expires; concurrent callers share one login.
/// </summary>
internal sealed class WattTimeSession(WattTimeOptions options, TimeProvider time) : IDisposable
{
    /// <summary>Renewed this long after login, before WattTime's 30 minutes run out.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(25);

    private readonly SemaphoreSlim _login = new(1, 1);
    private (string Token, DateTimeOffset At)? _current;

    /// <summary>
    /// A token: the kept one while it is fresh and not <paramref name="rejected"/> (the one WattTime just answered 401 to),
    /// otherwise a new login.
    /// </summary>
    public async Task<string> TokenAsync(HttpClient client, string? rejected, CancellationToken cancellationToken)
    {
        if (Usable(_current, rejected) is { } kept)
        {
            return kept;
        }

        await _login.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Usable(_current, rejected) is { } renewed)
            {
                return renewed;
            }

            var token = await LoginAsync(client, cancellationToken).ConfigureAwait(false);
            _current = (token, time.GetUtcNow());
            return token;
        }
        finally
        {
            _login.Release();
        }
    }

    public void Dispose() => _login.Dispose();

    private string? Usable((string Token, DateTimeOffset At)? current, string? rejected) =>
        current is { } c && c.Token != rejected && time.GetUtcNow() - c.At < Lifetime ? c.Token : null;

    private async Task<string> LoginAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(options.LoginUrl, UriKind.Absolute));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new HttpRequestException($"{WattTimeProvider.ProviderName} refused the user name and password (HTTP {(int)response.StatusCode}).", null, response.StatusCode);
        }

        ProviderCalls.EnsureSuccess(response, time, WattTimeProvider.ProviderName);
        using var document = await HttpFailures.ReadJsonAsync(response, WattTimeProvider.ProviderName, cancellationToken).ConfigureAwait(false);
        return HttpFailures.StringProperty(document.RootElement, "token") is { Length: > 0 } token
            ? token
            : throw HttpFailures.Malformed(WattTimeProvider.ProviderName, "the login answer has no 'token'");
    }
}
