namespace FactorTrace.Grid.Workloads.Files;

/// <summary>
/// A problem of a workload file: a cell or row (its 1-based row number as the file shows it, and the column's header as
/// written), or the whole file when <see cref="Row"/> is null.
/// </summary>
/// <param name="Row">Row number in the file, or null for the file as a whole (a missing column, no rows).</param>
/// <param name="Column">The header of the column concerned as written in the file, or null when the row or file is meant.</param>
/// <param name="Field">The workload field: service, region, from, to, requests or measured_kwh (empty for the file).</param>
/// <param name="Code">Stable code (the JSON API's for the same rule: unknown_service, unknown_zone, missing_offset, …).</param>
/// <param name="Message">What is wrong and how to fix it.</param>
/// <param name="Suggestions">Close service names, zones, a number_format or an instant with an offset; empty when none.</param>
public sealed record WorkloadRowError(long? Row, string? Column, string Field, string Code, string Message, IReadOnlyList<string> Suggestions);
