using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FactorTrace.Resilience;

namespace FactorTrace.Erp;

/// <summary>A pull that could not complete; nothing of it is stored.</summary>
public sealed class ErpPullException(string message) : Exception(message);

/// <summary>The lines of every page of one pull.</summary>
/// <param name="Lines">The lines, in the order received (each detached from its page).</param>
/// <param name="Pages">Pages fetched.</param>
public sealed record FetchedLines(IReadOnlyList<JsonElement> Lines, int Pages);

/// <summary>What a fetch needs of a connection.</summary>
/// <param name="ConnectionId">The connection (its dependency).</param>
/// <param name="Kind"><see cref="ErpKinds"/>.</param>
/// <param name="BaseUrl">Service root.</param>
/// <param name="Entity">Entity set or path.</param>
/// <param name="Mapping">The field mapping.</param>
/// <param name="Credentials">Credentials, or null.</param>
/// <param name="Since">The watermark: lines changed at or after it (all when null).</param>
public sealed record FetchRequest(Guid ConnectionId, string Kind, string BaseUrl, string Entity, ErpMapping Mapping, ErpCredentials? Credentials, DateTime? Since);

/// <summary>
/// Fetches every page of a pull before anything is stored. OData v4: <c>$select</c> of the mapped fields,
/// <c>$filter=&lt;changed_at&gt; ge &lt;watermark&gt;</c>, <c>Prefer: odata.maxpagesize</c>, and each <c>@odata.nextLink</c>
/// followed. REST: the watermark in the mapping's query parameter, lines and next link where the mapping says. Every
/// request goes through the connection's dependency (breaker, timeout, retries, connection limit); a page that still
/// fails fails the whole fetch. A next link to another origin is refused (the credentials would go with it).
/// </summary>
public sealed class ErpFetcher(IHttpClientFactory clients, ErpDependencies dependencies, TimeProvider time, Microsoft.Extensions.Options.IOptions<ErpOptions> options)
{
    /// <summary>The named HTTP client.</summary>
    public const string HttpClientName = "erp";

    /// <summary>All pages of the delta.</summary>
    /// <exception cref="ErpPullException">A page failed, the breaker is open, or the delta is over the limits.</exception>
    public async Task<FetchedLines> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        var dependency = dependencies.For(request.ConnectionId);
        var first = FirstPage(request);
        var origin = first.GetLeftPart(UriPartial.Authority);
        var lines = new List<JsonElement>();
        var pages = 0;
        Uri? next = first;
        while (next is not null)
        {
            if (pages >= settings.MaxPages)
            {
                throw new ErpPullException($"More than {settings.MaxPages} pages ({ErpOptions.SectionName}:MaxPages); nothing stored.");
            }

            var page = next;
            var result = await dependency.ExecuteAsync(
                static async (s, token) => await s.self.PageAsync(s.page, s.request, token).ConfigureAwait(false),
                (self: this, page, request),
                cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                var why = result.Outcome switch
                {
                    DependencyOutcome.CircuitOpen => "the connection's breaker is open after repeated failures; it is tried again once the break is over",
                    DependencyOutcome.Timeout => $"no answer within {dependency.Dependency.Policy.Timeout.TotalSeconds:0.###} s",
                    _ => result.Error ?? "failed",
                };
                throw new ErpPullException($"Page {pages + 1} ({Redact(page)}): {why}. Nothing of this pull was stored.");
            }

            pages++;
            var (items, link) = result.Value;
            lines.AddRange(items);
            if (lines.Count > settings.MaxLinesPerPull)
            {
                throw new ErpPullException($"More than {settings.MaxLinesPerPull} lines in one pull ({ErpOptions.SectionName}:MaxLinesPerPull); nothing stored.");
            }

            next = null;
            if (!string.IsNullOrEmpty(link))
            {
                if (!Uri.TryCreate(page, link, out var resolved) || !string.Equals(resolved.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ErpPullException($"Page {pages} links to '{link}', which is not on {origin}; refused (the credentials would be sent there). Nothing stored.");
                }

                next = resolved;
            }
        }

        return new FetchedLines(lines, pages);
    }

    /// <summary>The first page's URL.</summary>
    public static Uri FirstPage(FetchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = request.BaseUrl.TrimEnd('/') + "/" + request.Entity.TrimStart('/');
        var query = new List<string>();
        var since = request.Since?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        if (request.Kind == ErpKinds.OData)
        {
            query.Add("$select=" + Uri.EscapeDataString(string.Join(',', request.Mapping.Fields())));
            if (since is not null)
            {
                // "ge", not "gt": lines changed in the same instant as the watermark's but stored after that pull are not lost;
                // the lines at the watermark come again and are recognised as unchanged.
                query.Add("$filter=" + Uri.EscapeDataString($"{request.Mapping.ChangedAt} ge {since}"));
            }
        }
        else if (since is not null)
        {
            query.Add(Uri.EscapeDataString(request.Mapping.SinceParam ?? "changed_since") + "=" + Uri.EscapeDataString(since));
        }

        var separator = root.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return new Uri(query.Count == 0 ? root : root + separator + string.Join('&', query));
    }

    private async ValueTask<(List<JsonElement> Items, string? Next)> PageAsync(Uri page, FetchRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, page);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (request.Kind == ErpKinds.OData)
        {
            message.Headers.TryAddWithoutValidation("OData-Version", "4.0");
            message.Headers.TryAddWithoutValidation("Prefer", $"odata.maxpagesize={options.Value.PageSize.ToString(CultureInfo.InvariantCulture)}");
        }

        if (request.Credentials is { } credentials)
        {
            message.Headers.Authorization = !string.IsNullOrEmpty(credentials.Token)
                ? new AuthenticationHeaderValue("Bearer", credentials.Token)
                : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));
        }

        using var response = await clients.CreateClient(HttpClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var source = $"ERP {Redact(page)}";
        HttpFailures.ThrowIfFailed(response, time, source);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{source} answered HTTP {(int)response.StatusCode}; check the base URL and entity.", null, response.StatusCode);
        }

        using var document = await HttpFailures.ReadJsonAsync(response, source, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        JsonElement array;
        string? next = null;
        if (request.Kind == ErpKinds.OData)
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("value", out array) || array.ValueKind != JsonValueKind.Array)
            {
                throw HttpFailures.Malformed(source, "no \"value\" array");
            }

            next = root.TryGetProperty("@odata.nextLink", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
        }
        else
        {
            if (root.ValueKind == JsonValueKind.Array)
            {
                array = root;
            }
            else if (root.ValueKind == JsonValueKind.Object && Items(root, request.Mapping.Items) is { } found)
            {
                array = found;
                foreach (var name in request.Mapping.Next is { } configured ? [configured] : new[] { "next", "@odata.nextLink", "nextLink" })
                {
                    if (LineValues.Find(root, name) is { ValueKind: JsonValueKind.String } link)
                    {
                        next = link.GetString();
                        break;
                    }
                }
            }
            else
            {
                throw HttpFailures.Malformed(source, request.Mapping.Items is { } items ? $"no \"{items}\" array" : "no array of lines (set mapping.items)");
            }
        }

        var lines = new List<JsonElement>(array.GetArrayLength());
        foreach (var line in array.EnumerateArray())
        {
            if (line.ValueKind != JsonValueKind.Object)
            {
                throw HttpFailures.Malformed(source, "a line is not an object");
            }

            lines.Add(line.Clone());
        }

        return (lines, next);
    }

    private static JsonElement? Items(JsonElement root, string? configured)
    {
        foreach (var name in configured is not null ? [configured] : new[] { "value", "items", "data" })
        {
            if (LineValues.Find(root, name) is { ValueKind: JsonValueKind.Array } array)
            {
                return array;
            }
        }

        return null;
    }

    /// <summary>The URL without its query (which may be long); for messages.</summary>
    private static string Redact(Uri page) => page.GetLeftPart(UriPartial.Path);
}
