using FactorTrace.Reporting.Model;

namespace FactorTrace.Reporting.Generation;

/// <summary>What a caller asks for: a framework, a period, optionally the run, the net revenue and the formats.</summary>
/// <param name="Framework"><c>esrs-e1</c>.</param>
/// <param name="From">First day.</param>
/// <param name="To">Last day.</param>
/// <param name="CalculationRunId">The run to report; by default the latest completed run covering the period.</param>
/// <param name="NetRevenue">Net revenue of the period; by default the tenant's reporting-period setting.</param>
/// <param name="Formats">Formats to render (<see cref="ReportFormats"/>); all by default.</param>
public sealed record ReportOrder(string Framework, DateOnly From, DateOnly To, Guid? CalculationRunId = null, NetRevenue? NetRevenue = null, IReadOnlyList<string>? Formats = null)
{
    /// <summary>The only framework today.</summary>
    public const string EsrsE1 = "esrs-e1";
}

/// <summary>Who asks, for the record and the audit log.</summary>
/// <param name="TenantId">The tenant (the context must be scoped to it).</param>
/// <param name="Actor"><c>user:&lt;id&gt;</c>, <c>key:&lt;id&gt;</c>, <c>cli:&lt;name&gt;</c>.</param>
/// <param name="RequestId">The request, when over HTTP.</param>
public sealed record ReportActor(Guid TenantId, string Actor, string? RequestId);
