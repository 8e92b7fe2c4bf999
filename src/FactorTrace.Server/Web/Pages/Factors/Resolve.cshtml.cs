using System.Globalization;
using FactorTrace.Broker;
using FactorTrace.Gwp;
using FactorTrace.Remote;
using FactorTrace.Server.Factors;
using FactorTrace.Server.Observability;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactorTrace.Server.Web.Pages.Factors;

/// <summary>
/// Resolves one activity as <c>POST /api/v1/factors/resolve</c> does (the tenant's own factors and source rules, the
/// cascade, the cache), shows the whole answer, and the same request under each GWP set.
/// </summary>
internal sealed class ResolveModel(BrokerHost host, FactorResolver resolver, ServiceMetrics metrics) : PageModel
{
    public string? NotReady { get; private set; }

    public string Activity { get; private set; } = "";

    public string Region { get; private set; } = "";

    public string Year { get; private set; } = "";

    public string Unit { get; private set; } = "";

    public string Gwp { get; private set; } = "";

    public FieldProblem? Problem { get; private set; }

    public FactorAnswer? Answer { get; private set; }

    /// <summary>The same request under AR4, AR5 and AR6: each answer, or why there is none.</summary>
    public IReadOnlyList<(string Set, FactorAnswer? Answer, string? Error)> Comparison { get; private set; } = [];

    public static IReadOnlyList<string> GwpSets => GwpConverter.SupportedSets;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Activity = Request.Query["activity"].ToString().Trim();
        Region = Request.Query["region"].ToString().Trim();
        Year = Request.Query["year"].ToString().Trim();
        Unit = Request.Query["unit"].ToString().Trim();
        Gwp = Request.Query["gwp"].ToString().Trim();
        if (host.Broker is not { } broker)
        {
            NotReady = host.Error is { } error ? $"The factor datasets could not be loaded: {error}" : "The factor datasets are still loading; try again in a moment.";
            return;
        }

        if (!Request.Query.ContainsKey("go"))
        {
            return;
        }

        int? year = null;
        if (Year.Length > 0)
        {
            if (!int.TryParse(Year, NumberStyles.Integer, CultureInfo.InvariantCulture, out var y))
            {
                Problem = new FieldProblem("year", $"The year is a whole number such as 2024 (got '{Year}').", 400, "invalid_value");
                return;
            }

            year = y;
        }

        var body = new ResolveBody
        {
            Activity = NullIfEmpty(Activity),
            Region = NullIfEmpty(Region),
            Year = year,
            Unit = NullIfEmpty(Unit),
            Gwp = NullIfEmpty(Gwp),
        };
        var tenant = HttpContext.Features.Get<TenantContext>()!;
        var (outcome, invalid) = await FactorEndpoints.ResolveAsync(body, tenant, broker, resolver, false, cancellationToken);
        if (invalid is not null)
        {
            Problem = FieldProblem.Of(invalid);
            return;
        }

        metrics.Resolved(outcome!);
        if (outcome!.Answer is not { } answer)
        {
            Problem = FieldProblem.Of(Hosting.Problems.From(outcome.Error!));
            return;
        }

        Answer = answer;
        var comparison = new List<(string, FactorAnswer?, string?)>();
        foreach (var set in GwpSets)
        {
            var (other, _) = await FactorEndpoints.ResolveAsync(body, tenant, broker, resolver, false, cancellationToken, set);
            comparison.Add((set, other?.Answer, other?.Error?.Message));
        }

        Comparison = comparison;
    }

    /// <summary>The message for a field of the form, when the problem is about it.</summary>
    public string? ErrorFor(string field) => Problem?.For(field);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
