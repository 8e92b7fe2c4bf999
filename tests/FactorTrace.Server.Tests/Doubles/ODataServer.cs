using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FactorTrace.Server.Tests.Doubles;

/// <summary>
/// A small OData v4 service on 127.0.0.1, shaped like SAP S/4HANA's supplier invoice API: <c>SupplierInvoiceItem</c> with
/// <c>$filter=ChangedAt ge|gt &lt;instant&gt;</c>, <c>$select</c>, <c>$top</c>, server-driven paging (<c>$skiptoken</c>,
/// <c>@odata.nextLink</c>, page size from <see cref="PageSize"/> or <c>Prefer: odata.maxpagesize</c>). A test changes
/// lines between pulls, fails a page with HTTP 500, asks for credentials, or stops the server. <c>/rest/lines</c> serves the
/// same lines as plain nested JSON (<c>{ "data": { "lines": […] }, "links": { "next": … } }</c>) for the REST connector.
/// </summary>
public sealed partial class ODataServer : IAsyncDisposable
{
    public const string ServicePath = "sap/opu/odata4/sap/api_supplierinvoice/srvd_a2x/sap/supplierinvoice/0001";

    private static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<Line> _lines = [];
    private DateTime _clock = Epoch;
    private int _requests;
    private bool _stopped;

    private ODataServer(WebApplication app)
    {
        _app = app;
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>Lines per page the server sends at most.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>The page (1-based, counted within a pull from its first request) answered with HTTP 500; null for none.</summary>
    public int? FailPage { get; set; }

    /// <summary>The Authorization header required; null for none.</summary>
    public string? RequiredAuthorization { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Path and query of every request (unescaped), in order.</summary>
    public List<string> Seen { get; } = [];

    public List<string?> Authorizations { get; } = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    public static async Task<ODataServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ODataServer(app);
        app.MapGet("/" + ServicePath + "/SupplierInvoiceItem", server.ODataAsync);
        app.MapGet("/rest/lines", server.RestAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        server.BaseUrl = app.Urls.First() + "/" + ServicePath;
        return server;
    }

    /// <summary>Adds <paramref name="invoices"/> invoices of <paramref name="itemsPerInvoice"/> items, each changed a second after the one before.</summary>
    public void AddInvoices(int invoices, int itemsPerInvoice, Func<int, string>? description = null)
    {
        lock (_gate)
        {
            var start = _lines.Count == 0 ? 5100000000 : _lines.Max(l => long.Parse(l.Invoice, CultureInfo.InvariantCulture)) + 1;
            for (var i = 0; i < invoices; i++)
            {
                for (var j = 1; j <= itemsPerInvoice; j++)
                {
                    var n = _lines.Count;
                    _clock = _clock.AddSeconds(1);
                    _lines.Add(new Line
                    {
                        Invoice = (start + i).ToString(CultureInfo.InvariantCulture),
                        Item = (j * 10).ToString("D6", CultureInfo.InvariantCulture),
                        ChangedAt = _clock,
                        Description = description?.Invoke(n) ?? (n % 2 == 0 ? "Diesel fuel" : "Hotel stay"),
                        Supplier = n % 3 == 0 ? "Shell Deutschland" : "Adlon Hotels",
                        NetAmount = 100m + n % 97,
                        Currency = "EUR",
                        PostingDate = new DateOnly(2026, 1 + n % 12, 1 + n % 28),
                    });
                }
            }
        }
    }

    /// <summary>Changes a line's amount; its change date moves on.</summary>
    public void Change(string invoice, string item, decimal netAmount)
    {
        lock (_gate)
        {
            var line = _lines.Single(l => l.Invoice == invoice && l.Item == item);
            _clock = _clock.AddSeconds(1);
            line.NetAmount = netAmount;
            line.ChangedAt = _clock;
        }
    }

    public (string Invoice, string Item) KeyAt(int index)
    {
        lock (_gate)
        {
            return (_lines[index].Invoice, _lines[index].Item);
        }
    }

    /// <summary>Stops listening: connections are refused from now on.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await _app.StopAsync(TestContext.Current.CancellationToken);
    }

    private async Task ODataAsync(HttpContext context)
    {
        if (!Admit(context))
        {
            return;
        }

        var query = context.Request.Query;
        var select = query["$select"].ToString() is { Length: > 0 } s ? s.Split(',') : null;
        var size = PageSize;
        if (context.Request.Headers["Prefer"].ToString() is { Length: > 0 } prefer && MaxPageSize().Match(prefer) is { Success: true } m)
        {
            size = Math.Min(size, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        if (query["$top"].ToString() is { Length: > 0 } top)
        {
            size = Math.Min(size, int.Parse(top, CultureInfo.InvariantCulture));
        }

        var skip = query["$skiptoken"].ToString() is { Length: > 0 } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        if (Filtered(query["$filter"].ToString(), context) is not { } lines)
        {
            return;
        }

        if (FailPage is { } fail && skip / Math.Max(1, size) + 1 == fail)
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("""{"error":{"code":"500","message":"simulated backend failure"}}""", context.RequestAborted);
            return;
        }

        var page = lines.Skip(skip).Take(size).Select(l => l.ToOData(select)).ToList();
        var body = new Dictionary<string, object?> { ["@odata.context"] = "$metadata#SupplierInvoiceItem", ["value"] = page };
        if (skip + size < lines.Count)
        {
            var next = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in query)
            {
                next[key] = value.ToString();
            }

            next["$skiptoken"] = (skip + size).ToString(CultureInfo.InvariantCulture);
            body["@odata.nextLink"] = "SupplierInvoiceItem?" + string.Join('&', next.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}"));
        }

        await StubHttpServer.Json(context, JsonSerializer.Serialize(body));
    }

    private async Task RestAsync(HttpContext context)
    {
        if (!Admit(context))
        {
            return;
        }

        var since = context.Request.Query["modified_after"].ToString();
        var filter = since.Length > 0 ? $"ChangedAt ge {since}" : "";
        if (Filtered(filter, context) is not { } lines)
        {
            return;
        }

        var skip = context.Request.Query["offset"].ToString() is { Length: > 0 } o ? int.Parse(o, CultureInfo.InvariantCulture) : 0;
        var page = lines.Skip(skip).Take(PageSize).Select(l => new
        {
            invoice = new { number = l.Invoice, line = l.Item },
            modified = l.ChangedAt.ToString("O", CultureInfo.InvariantCulture),
            booked = l.PostingDate.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
            text = l.Description,
            vendor = l.Supplier,
            amount = new { value = l.NetAmount.ToString("#,##0.00", CultureInfo.GetCultureInfo("de-DE")), currency = l.Currency },
        }).ToList();
        var next = skip + PageSize < lines.Count ? $"/rest/lines?offset={skip + PageSize}" + (since.Length > 0 ? $"&modified_after={Uri.EscapeDataString(since)}" : "") : null;
        await StubHttpServer.Json(context, JsonSerializer.Serialize(new { data = new { lines = page }, links = new { next } }));
    }

    private bool Admit(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        lock (_gate)
        {
            Seen.Add(Uri.UnescapeDataString(context.Request.Path + context.Request.QueryString));
            Authorizations.Add(context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null);
        }

        if (RequiredAuthorization is { } required && context.Request.Headers.Authorization.ToString() != required)
        {
            context.Response.StatusCode = 401;
            return false;
        }

        return !_stopped;
    }

    private List<Line>? Filtered(string filter, HttpContext context)
    {
        DateTime? after = null;
        var inclusive = true;
        if (filter.Length > 0)
        {
            var m = ChangedFilter().Match(filter);
            if (!m.Success)
            {
                context.Response.StatusCode = 400;
                return null;
            }

            inclusive = m.Groups[1].Value == "ge";
            after = DateTimeOffset.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture).UtcDateTime;
        }

        lock (_gate)
        {
            return [.. _lines.Where(l => after is not { } a || (inclusive ? l.ChangedAt >= a : l.ChangedAt > a))
                .OrderBy(l => l.ChangedAt).ThenBy(l => l.Invoice, StringComparer.Ordinal).ThenBy(l => l.Item, StringComparer.Ordinal).Select(l => l.Copy())];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await _app.StopAsync();
        }

        await _app.DisposeAsync();
    }

    [GeneratedRegex(@"odata\.maxpagesize=(\d+)")]
    private static partial Regex MaxPageSize();

    [GeneratedRegex(@"^ChangedAt (ge|gt) (\S+)$")]
    private static partial Regex ChangedFilter();

    private sealed class Line
    {
        public string Invoice { get; init; } = "";

        public string Item { get; init; } = "";

        public DateTime ChangedAt { get; set; }

        public string Description { get; init; } = "";

        public string Supplier { get; init; } = "";

        public decimal NetAmount { get; set; }

        public string Currency { get; init; } = "";

        public DateOnly PostingDate { get; init; }

        public Line Copy() => (Line)MemberwiseClone();

        public Dictionary<string, object> ToOData(string[]? select)
        {
            var all = new Dictionary<string, object>
            {
                ["SupplierInvoice"] = Invoice,
                ["SupplierInvoiceItem"] = Item,
                ["ChangedAt"] = ChangedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["SupplierInvoiceItemText"] = Description,
                ["SupplierName"] = Supplier,
                // Edm.Decimal is a string in OData JSON (IEEE754Compatible).
                ["NetAmount"] = NetAmount.ToString(CultureInfo.InvariantCulture),
                ["DocumentCurrency"] = Currency,
                ["PostingDate"] = PostingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["Plant"] = "1010",
            };
            return select is null ? all : all.Where(kv => select.Contains(kv.Key)).ToDictionary();
        }
    }
}
