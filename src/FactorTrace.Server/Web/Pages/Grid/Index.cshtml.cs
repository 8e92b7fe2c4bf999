using System.Globalization;
using System.Text;
using FactorTrace.Grid;
using FactorTrace.Grid.Query;
using FactorTrace.Grid.Windows;
using FactorTrace.Server.Grid;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Web.Pages.Grid;

/// <summary>
/// Grid intensity of a zone over time (<c>GET /api/v1/grid/intensity</c>, drawn on the server as SVG) and the cleanest
/// window for a deferrable job (<c>POST /api/v1/grid/windows</c>), through the endpoints' own code.
/// </summary>
internal sealed class IndexModel(GridReference reference, GridIntensityQuery query, GridWindowService windows, IOptions<GridOptions> options) : PageModel
{
    public string Zone { get; private set; } = "";

    public string From { get; private set; } = "";

    public string To { get; private set; } = "";

    public IntensityAnswer? Intensity { get; private set; }

    public FieldProblem? IntensityProblem { get; private set; }

    public string Zones { get; private set; } = "";

    public string WindowFrom { get; private set; } = "";

    public string WindowTo { get; private set; } = "";

    public string Duration { get; private set; } = "";

    public WindowAnswer? Window { get; private set; }

    public FieldProblem? WindowProblem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var q = Request.Query;
        (Zone, From, To) = (q["zone"].ToString().Trim(), q["from"].ToString().Trim(), q["to"].ToString().Trim());
        (Zones, WindowFrom, WindowTo, Duration) = (q["zones"].ToString().Trim(), q["window_from"].ToString().Trim(), q["window_to"].ToString().Trim(), q["duration_minutes"].ToString().Trim());
        if (q.ContainsKey("show"))
        {
            var (answer, problem) = await GridEndpoints.IntensityOfAsync(Zone, From, To, null, reference, query, options.Value, cancellationToken);
            (Intensity, IntensityProblem) = (answer, problem is null ? null : FieldProblem.Of(problem));
        }

        if (q.ContainsKey("find"))
        {
            double? minutes = double.TryParse(Duration, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m : null;
            var body = new WindowBody
            {
                Zones = [.. Zones.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                From = WindowFrom,
                To = WindowTo,
                DurationMinutes = minutes,
            };
            var (result, _, problem) = await WindowEndpoints.FindWindowsAsync(body, windows, options.Value, cancellationToken);
            (Window, WindowProblem) = (result?.Answer, problem is null ? null : FieldProblem.Of(problem));
        }

        if (IntensityProblem is not null || WindowProblem is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
    }

    public static string Instant(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The hourly series as an SVG polyline's points in a 800 × 240 box, with the axis range.</summary>
    public (string Points, double Min, double Max)? Chart()
    {
        var points = Intensity?.Points.Where(p => p.Direct is not null).OrderBy(p => p.Start).ToList();
        if (points is not { Count: > 1 })
        {
            return null;
        }

        var (from, span) = (Intensity!.From, (Intensity.To - Intensity.From).TotalSeconds);
        var (min, max) = (Math.Min(0, points.Min(p => p.Direct!.Value)), points.Max(p => p.Direct!.Value));
        var range = max - min <= 0 ? 1 : max - min;
        var text = new StringBuilder();
        foreach (var p in points)
        {
            var x = 50 + (p.Start - from).TotalSeconds / span * 740;
            var y = 220 - (p.Direct!.Value - min) / range * 200;
            text.Append(CultureInfo.InvariantCulture, $"{x:0.#},{y:0.#} ");
        }

        return (text.ToString().TrimEnd(), min, max);
    }
}
