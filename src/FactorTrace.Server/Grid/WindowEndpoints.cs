using FactorTrace.Grid;
using FactorTrace.Grid.Model;
using FactorTrace.Grid.Windows;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Usage;
using FactorTrace.Usage;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Grid;

/// <summary><c>POST /api/v1/grid/windows</c>: the cleanest window for a deferrable job across zones.</summary>
internal static class WindowEndpoints
{
    public static RouteGroupBuilder MapWindowEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/grid/windows", FindAsync).RequireAuthorization(Policies.Reader).WithTags("Grid").Accepts<WindowBody>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblem(StatusCodes.Status404NotFound)
            .Metered(Meters.WindowQueries);
        return api;
    }

    private static async Task<IResult> FindAsync(HttpRequest request, GridWindowService windows, IOptions<GridOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<WindowBody>(request, cancellationToken).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (result, basis, invalid) = await FindWindowsAsync(body.Value!, windows, options.Value, cancellationToken).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        return TypedResults.Json(WindowJson.Answer(result!.Answer!, result.Sources, basis), ApiJson.Options);
    }

    /// <summary>The windows of a request already read (the API's body or the grid page's form), or the problem with it.</summary>
    internal static async Task<(WindowResult? Result, string Basis, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem)> FindWindowsAsync(
        WindowBody input, GridWindowService windows, GridOptions options, CancellationToken cancellationToken)
    {
        if (!WindowInstant.TryParse(input.From, "from", out var from, out var error) || !WindowInstant.TryParse(input.To, "to", out var to, out error))
        {
            return (null, "", Problems.Create(StatusCodes.Status400BadRequest, error!.Code, error.Message, error.Field));
        }

        var basis = (input.Signal ?? IntensityBases.Direct).Trim().ToLowerInvariant();
        if (basis is not (IntensityBases.Direct or IntensityBases.Lifecycle))
        {
            return (null, "", Problems.Create(StatusCodes.Status400BadRequest, "invalid_signal", $"signal '{input.Signal}' is not direct or lifecycle.", "signal"));
        }

        if (input.DurationMinutes is not { } minutes || minutes is <= 0 or > 60 * 24 * 366)
        {
            return (null, "", Problems.Create(StatusCodes.Status400BadRequest, WindowErrorCodes.InvalidDuration, "duration_minutes is required: a positive number of minutes.", "duration_minutes"));
        }

        var order = new WindowRequest
        {
            Zones = input.Zones ?? [],
            From = from,
            To = to,
            Duration = TimeSpan.FromMinutes(minutes),
            Step = TimeSpan.FromMinutes(input.StepMinutes ?? 60),
            EnergyKwh = input.EnergyKwh,
            Candidates = input.Candidates ?? WindowRequest.DefaultCandidates,
        };
        var result = await windows.FindAsync(order, basis, options.Windows, cancellationToken).ConfigureAwait(false);
        if (result.Errors.Count > 0)
        {
            var first = result.Errors[0];
            var status = first.Code == WindowErrorCodes.UnknownZone ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            return (null, "", Problems.Create(status, first.Code, string.Join(" ", result.Errors.Select(e => e.Message)), first.Field));
        }

        return (result, basis, null);
    }
}

/// <summary>A window request.</summary>
internal sealed class WindowBody
{
    public List<string>? Zones { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    public double? DurationMinutes { get; set; }

    public double? StepMinutes { get; set; }

    public string? Signal { get; set; }

    public double? EnergyKwh { get; set; }

    public int? Candidates { get; set; }
}
