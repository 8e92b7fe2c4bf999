using FactorTrace.Reporting.Model;

namespace FactorTrace.Reporting.Queries;

/// <summary>A report to build for the tenant of the database context.</summary>
/// <param name="TenantName">The undertaking's name as shown.</param>
/// <param name="From">First day of the reporting period.</param>
/// <param name="To">Last day.</param>
/// <param name="Options">Tenant settings and inputs.</param>
/// <param name="RunId">The calculation run; by default the latest completed run covering the period.</param>
public sealed record ReportRequest(string TenantName, DateOnly From, DateOnly To, ReportOptions Options, Guid? RunId = null);
