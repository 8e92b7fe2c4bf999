using FactorTrace.Grid.Model;
using FactorTrace.Grid.Store;

namespace FactorTrace.Grid.Windows;

/// <summary>
/// Clean-energy windows over the store: zones (ids or cloud regions, case-insensitive) resolved in the catalogue, their
/// stored hours in <c>[from, to)</c> (the best quality per hour: measured history for the past, forecasts for the
/// future), then <see cref="CleanWindowFinder"/>. The one path for the API and the CLI.
/// </summary>
public sealed class GridWindowService(GridStore store, GridReference reference)
{
    /// <summary>Finds the windows, or the request's errors (unknown zones with suggestions among them).</summary>
    public async Task<WindowResult> FindAsync(WindowRequest request, string basis, WindowLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Validate(limits).ToList();
        var zones = new List<string>();
        foreach (var text in request.Zones)
        {
            if (reference.Zones.TryResolve(text, out var zone, out _))
            {
                zones.Add(zone.Id);
                continue;
            }

            var suggestions = reference.Zones.Suggest(text);
            errors.Add(new WindowError("zones", WindowErrorCodes.UnknownZone,
                $"'{text}' is not a known zone or cloud region{(suggestions.Count > 0 ? $"; did you mean {string.Join(", ", suggestions)}?" : ".")}"));
        }

        if (zones.Distinct(StringComparer.Ordinal).Count() != zones.Count && errors.Count == 0)
        {
            errors.Add(new WindowError("zones", WindowErrorCodes.DuplicateZone, "Two of the zones name the same grid zone."));
        }

        if (errors.Count > 0)
        {
            return new WindowResult(null, [], errors);
        }

        var series = new List<ZoneSeries>(zones.Count);
        var used = new List<ZoneSources>(zones.Count);
        foreach (var zone in zones)
        {
            var points = await store.ReadAsync(zone, GridSignals.Average, GridUnits.HourOf(request.From), request.To, cancellationToken).ConfigureAwait(false);
            series.Add(ZoneSeriesBuilder.FromPoints(zone, request.From, request.To, points, basis));
            used.Add(new ZoneSources(zone,
                [.. points.Select(p => p.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                points.GroupBy(p => p.Quality, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal)));
        }

        var answer = CleanWindowFinder.Find(request with { Zones = zones }, series);
        return new WindowResult(answer, used, []);
    }
}

/// <summary>The windows, or why there are none.</summary>
/// <param name="Answer">The answer (null when the request had errors).</param>
/// <param name="Sources">Per zone, the sources and hour counts per quality of the stored hours used.</param>
/// <param name="Errors">What is wrong with the request.</param>
public sealed record WindowResult(WindowAnswer? Answer, IReadOnlyList<ZoneSources> Sources, IReadOnlyList<WindowError> Errors);

/// <summary>Where a zone's hours came from.</summary>
public sealed record ZoneSources(string Zone, IReadOnlyList<string> Sources, IReadOnlyDictionary<string, int> Qualities);
