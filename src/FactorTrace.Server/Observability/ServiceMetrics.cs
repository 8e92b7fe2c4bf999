using System.Diagnostics;
using System.Diagnostics.Metrics;
using FactorTrace.Broker;

namespace FactorTrace.Server.Observability;

/// <summary>The service's own instruments (meter <c>FactorTrace</c>), exported at <c>/metrics</c> with ASP.NET Core's.</summary>
internal sealed class ServiceMetrics : IDisposable
{
    public const string MeterName = "FactorTrace";

    private readonly Meter _meter;
    private readonly Counter<long> _resolves;
    private readonly Counter<long> _proxies;
    private readonly Histogram<int> _fallbackDepth;
    private readonly Counter<long> _crossTenant;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _imports;
    private readonly Counter<long> _importRows;
    private readonly Counter<long> _securityEvents;
    private readonly Counter<long> _signIns;

    public ServiceMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _resolves = _meter.CreateCounter<long>("factortrace.resolve.outcomes", description: "Factor resolutions by source and outcome (answered or the error code).");
        _proxies = _meter.CreateCounter<long>("factortrace.resolve.proxies", description: "Answers that used a geographic or category proxy, by kind.");
        _fallbackDepth = _meter.CreateHistogram<int>("factortrace.resolve.fallback_depth", description: "Fallbacks taken per answer.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [0, 1, 2, 3, 4, 6] });
        _crossTenant = _meter.CreateCounter<long>("factortrace.tenancy.cross_tenant_denied", description: "Requests for another tenant's rows, answered 404.");
        _rateLimited = _meter.CreateCounter<long>("factortrace.rate_limited", description: "Requests refused by the per-tenant rate limit.");
        _imports = _meter.CreateCounter<long>("factortrace.imports", description: "Import steps by step (upload, commit, rollback) and outcome (ok or the error code).");
        _importRows = _meter.CreateCounter<long>("factortrace.import.rows", description: "Rows committed by imports, stored or skipped as invalid.");
        _securityEvents = _meter.CreateCounter<long>("factortrace.security.events", description: "Events written to the platform security log, by kind.");
        _signIns = _meter.CreateCounter<long>("factortrace.auth.sign_ins", description: "Password sign-ins by outcome (ok, failed, locked, throttled).");
    }

    public void Resolved(ResolveOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Answer is not { } answer)
        {
            _resolves.Add(1, new TagList { { "source", "none" }, { "outcome", outcome.Error!.Code } });
            return;
        }

        _resolves.Add(1, new TagList { { "source", answer.Source }, { "outcome", "answered" } });
        var fallbacks = answer.Provenance.Fallbacks;
        _fallbackDepth.Record(fallbacks.Count);
        for (var i = 0; i < fallbacks.Count; i++)
        {
            if (FallbackKinds.IsProxy(fallbacks[i].Kind))
            {
                _proxies.Add(1, new KeyValuePair<string, object?>("kind", fallbacks[i].Kind));
            }
        }
    }

    public void CrossTenantDenied(string resource) => _crossTenant.Add(1, new KeyValuePair<string, object?>("resource", resource));

    public void RateLimited() => _rateLimited.Add(1);

    public void SecurityEvent(string kind) => _securityEvents.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void SignIn(string outcome) => _signIns.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Import(string step, string outcome) => _imports.Add(1, new TagList { { "step", step }, { "outcome", outcome } });

    public void ImportRows(long stored, long skipped)
    {
        _importRows.Add(stored, new KeyValuePair<string, object?>("outcome", "stored"));
        _importRows.Add(skipped, new KeyValuePair<string, object?>("outcome", "skipped_invalid"));
    }

    public void Dispose() => _meter.Dispose();
}
