using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FactorTrace.Broker;
using FactorTrace.Search;
using Spectre.Console;

namespace FactorTrace.Cli.Commands;

/// <summary><c>resolve</c>, <c>estimate</c>, <c>compare-gwp</c> and <c>search</c>.</summary>
internal static class BrokerCommands
{
    private static readonly JsonSerializerOptions Json = new(AnswerHasher.CanonicalOptions) { WriteIndented = true };

    private static readonly Option<string> Activity = new("--activity") { Description = "Activity id (fuel.diesel), source-specific id, or free text.", Required = true };
    private static readonly Option<string> Region = new("--region") { Description = "Region: ISO 3166 code, GLOBAL, EU27 or a grid zone.", Required = true };
    private static readonly Option<int> Year = NumberOptions.Integer("--year", "Year of the activity.", required: true);
    private static readonly Option<string> Unit = new("--unit") { Description = "Unit of the activity (L, kWh, pkm, USD, …).", Required = true };
    private static readonly Option<string?> Gwp = new("--gwp") { Description = "GWP set: AR4, AR5 or AR6 (default AR6)." };
    private static readonly Option<string?> Sources = new("--sources") { Description = "Comma-separated source ids, in priority order." };
    private static readonly Option<string?> Pin = new("--pin") { Description = "Comma-separated dataset versions to use (desnz-2024,…)." };
    private static readonly Option<string?> AsOf = new("--as-of") { Description = "Use only dataset versions released on or before this date (yyyy-mm-dd)." };
    private static readonly Option<string?> PriceBasis = new("--price-basis") { Description = "Spend factors: purchaser (with margins, default) or producer (without margins)." };
    private static readonly Option<bool> JsonOutput = new("--json") { Description = "Write JSON." };

    public static IEnumerable<Command> Create()
    {
        yield return Resolve();
        yield return Estimate();
        yield return CompareGwp();
        yield return SearchCommand();
    }

    private static Command Resolve()
    {
        var command = new Command("resolve", "Find the best factor for an activity, with quality, licence and provenance.")
        {
            Activity, Region, Year, Unit, Gwp, Sources, Pin, AsOf, PriceBasis, JsonOutput,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (ReadRequest(parse) is not { } request)
            {
                return 2;
            }

            if (await LoadAsync(parse, ct).ConfigureAwait(false) is not { } broker)
            {
                return ExitCodes.NoDatasets;
            }

            var outcome = await broker.ResolveAsync(request, ct).ConfigureAwait(false);
            if (outcome.Answer is not { } answer)
            {
                return Error(outcome.Error!, parse.GetValue(JsonOutput));
            }

            if (parse.GetValue(JsonOutput))
            {
                Console.WriteLine(JsonSerializer.Serialize(answer, Json));
            }
            else
            {
                WriteTextMatch(answer);
                WriteAnswer(answer);
            }

            return 0;
        });
        return command;
    }

    private static Command Estimate()
    {
        var amount = NumberOptions.Double("--amount", "Amount of the activity, in --unit (decimal point: 12.5).", required: true);
        var command = new Command("estimate", "kg CO2e for an amount of an activity, with per-gas parts and the 95 % interval.")
        {
            Activity, amount, Region, Year, Unit, Gwp, Sources, Pin, AsOf, PriceBasis, JsonOutput,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (ReadRequest(parse) is not { } request)
            {
                return 2;
            }

            if (await LoadAsync(parse, ct).ConfigureAwait(false) is not { } broker)
            {
                return ExitCodes.NoDatasets;
            }

            var outcome = broker.Estimate(request, parse.GetValue(amount));
            if (outcome.Estimation is not { } estimate)
            {
                return Error(outcome.Error!, parse.GetValue(JsonOutput));
            }

            if (parse.GetValue(JsonOutput))
            {
                Console.WriteLine(JsonSerializer.Serialize(estimate, Json));
                return 0;
            }

            AnsiConsole.MarkupLine($"[bold]{F(estimate.KgCo2e)} kg CO2e[/] ({estimate.Factor.Gwp}) for {F(estimate.Amount)} {Markup.Escape(estimate.Factor.Unit)} of {Markup.Escape(estimate.Factor.ActivityId)}");
            AnsiConsole.MarkupLine($"95 % interval: {F(estimate.KgCo2eLow95)} – {F(estimate.KgCo2eHigh95)} kg CO2e");
            var gases = new Table().Border(TableBorder.Simple).AddColumns("Gas", "kg", "kg CO2e");
            foreach (var gas in estimate.Gases)
            {
                gases.AddRow(gas.Gas, gas.Kg is { } kg ? F(kg) : "", F(gas.KgCo2e));
            }

            if (estimate.Gases.Count > 0)
            {
                AnsiConsole.Write(gases);
            }

            WriteTextMatch(estimate.Factor);
            WriteAnswer(estimate.Factor);
            return 0;
        });
        return command;
    }

    private static Command CompareGwp()
    {
        var command = new Command("compare-gwp", "The same factor under AR5 and AR6, side by side.")
        {
            Activity, Region, Year, Unit, Sources, Pin, AsOf, PriceBasis, JsonOutput,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (ReadRequest(parse) is not { } request)
            {
                return 2;
            }

            if (await LoadAsync(parse, ct).ConfigureAwait(false) is not { } broker)
            {
                return ExitCodes.NoDatasets;
            }

            var ar5 = broker.Resolve(request with { Gwp = "AR5" });
            var ar6 = broker.Resolve(request with { Gwp = "AR6" });
            if (ar5.Answer is not { } a5 || ar6.Answer is not { } a6)
            {
                return Error((ar5.Error ?? ar6.Error)!, parse.GetValue(JsonOutput));
            }

            var comparison = GwpComparison.From(a5, a6);
            if (parse.GetValue(JsonOutput))
            {
                Console.WriteLine(JsonSerializer.Serialize(comparison, Json));
                return 0;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("", "AR5", "AR6");
            table.AddRow("kg CO2e / " + Markup.Escape(a5.Unit), F(a5.Value), F(a6.Value));
            table.AddRow("GWP set used", a5.Gwp, a6.Gwp);
            table.AddRow("method", a5.GwpMethod, a6.GwpMethod);
            table.AddRow("factor", Markup.Escape(a5.FactorId), Markup.Escape(a6.FactorId));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(comparison.DifferencePercent is { } d
                ? $"AR6 vs AR5: [bold]{d.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)} %[/]"
                : "[yellow]Not comparable: the factor could not be re-expressed in AR6.[/]");
            return 0;
        });
        return command;
    }

    private static Command SearchCommand()
    {
        var text = new Argument<string>("text") { Description = "What to look for (fuzzy).", Arity = ArgumentArity.ZeroOrOne };
        var region = new Option<string?>("--region") { Description = "Only results for this region." };
        var year = NumberOptions.OptionalInteger("--year", "Only results for this year.");
        var source = new Option<string?>("--source") { Description = "Only results from this source." };
        var unitType = new Option<string?>("--unit-type") { Description = "Only this unit dimension (volume, energy, money, …)." };
        var scope = new Option<string?>("--scope") { Description = "Only this scope (1, 2, 3)." };
        var kind = new Option<string?>("--kind") { Description = "activity or factor." };
        var limit = NumberOptions.Integer("--limit", "Results per page.", defaultValue: 20);
        var command = new Command("search", "Search activities and factors by name and synonyms, with filters and facets.")
        {
            text, region, year, source, unitType, scope, kind, limit, JsonOutput,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (await LoadAsync(parse, ct).ConfigureAwait(false) is not { } broker)
            {
                return ExitCodes.NoDatasets;
            }

            var results = broker.Search.Find(new SearchQuery
            {
                Text = parse.GetValue(text) ?? "",
                Region = parse.GetValue(region),
                Year = parse.GetValue(year),
                Source = parse.GetValue(source),
                UnitType = parse.GetValue(unitType),
                Scope = parse.GetValue(scope),
                Kind = parse.GetValue(kind),
                Limit = parse.GetValue(limit),
            });
            if (parse.GetValue(JsonOutput))
            {
                Console.WriteLine(JsonSerializer.Serialize(results, Json));
                return 0;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("Kind", "Id", "Name", "Unit type", "Sources", "Score");
            foreach (var hit in results.Hits)
            {
                table.AddRow(hit.Kind, Markup.Escape(hit.Id), Markup.Escape(hit.Name), hit.UnitType, Markup.Escape(string.Join(",", hit.Sources)), F(hit.Score));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{results.Total} results.");
            foreach (var (facet, values) in results.Facets.Where(f => f.Value.Count > 0))
            {
                AnsiConsole.MarkupLine($"  {facet}: {Markup.Escape(string.Join(", ", values.Take(8).Select(v => $"{v.Value} ({v.Count})")))}");
            }

            if (results.DidYouMean.Count > 0)
            {
                AnsiConsole.MarkupLine($"Did you mean: {Markup.Escape(string.Join(", ", results.DidYouMean))}?");
            }

            return 0;
        });
        return command;
    }

    private static FactorRequest? ReadRequest(ParseResult parse)
    {
        DateOnly? asOf = null;
        if (parse.GetValue(AsOf) is { } text)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Console.Error.WriteLine($"error: --as-of '{text}' is not a date (yyyy-mm-dd).");
                return null;
            }

            asOf = date;
        }

        return new FactorRequest
        {
            Activity = parse.GetValue(Activity)!,
            Region = parse.GetValue(Region)!,
            Year = parse.GetValue(Year),
            Unit = parse.GetValue(Unit)!,
            Gwp = parse.GetValue(Gwp),
            Sources = Split(parse.GetValue(Sources)),
            Datasets = Split(parse.GetValue(Pin)),
            AsOf = asOf,
            PriceBasis = parse.GetValue(PriceBasis),
        };
    }

    private static string[]? Split(string? list) =>
        string.IsNullOrWhiteSpace(list) ? null : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<FactorBroker?> LoadAsync(ParseResult parse, CancellationToken ct) =>
        (await CliContext.LoadBrokerAsync(parse, ct).ConfigureAwait(false))?.Broker;

    private static int Error(BrokerError error, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { error }, Json));
        }
        else
        {
            Console.Error.WriteLine($"error ({error.Code}, {error.Field}): {error.Message}");
            if (error.Suggestions.Count > 0)
            {
                Console.Error.WriteLine($"  did you mean: {string.Join(", ", error.Suggestions)}");
            }
        }

        return 2;
    }

    /// <summary>Free text matched to an activity is said before anything else, where nobody can miss it.</summary>
    private static void WriteTextMatch(FactorAnswer a)
    {
        if (a.Provenance.Fallbacks.FirstOrDefault(f => f.Kind == FallbackKinds.TextMatch) is { } match)
        {
            AnsiConsole.MarkupLine($"[yellow bold]note:[/] [yellow]{Markup.Escape(match.Detail)}; pass --activity {Markup.Escape(a.ActivityId)} to ask for it by id.[/]");
        }
    }

    private static void WriteAnswer(FactorAnswer a)
    {
        var table = new Table().Border(TableBorder.Simple).HideHeaders().AddColumns("", "");
        table.AddRow("value", $"[bold]{F(a.Value)}[/] kg CO2e / {Markup.Escape(a.Unit)} ({a.Gwp}, {a.GwpMethod})");
        table.AddRow("activity", Markup.Escape($"{a.ActivityId} — {a.ActivityName}"));
        table.AddRow("factor", Markup.Escape($"{a.FactorId} (published per {a.FactorUnit})"));
        table.AddRow("source", Markup.Escape($"{a.Source} · {a.Dataset} {a.DatasetVersion}"));
        table.AddRow("region / year", Markup.Escape($"{a.Region} / {a.Year.ToString(CultureInfo.InvariantCulture)}"));
        table.AddRow("gases", Markup.Escape(string.Join(", ", a.Gases.Select(g => $"{g.Gas} {F(g.KgCo2e)}"))));
        table.AddRow("quality", $"{a.Quality.Score}/100 (pedigree {a.Quality.Reliability},{a.Quality.Completeness},{a.Quality.Temporal},{a.Quality.Geographical},{a.Quality.Technological})");
        table.AddRow("uncertainty", $"GSD {F(a.Uncertainty.Gsd)}, 95 % {(a.Uncertainty.Relative95Low * 100).ToString("0.#", CultureInfo.InvariantCulture)} % / +{(a.Uncertainty.Relative95High * 100).ToString("0.#", CultureInfo.InvariantCulture)} %");
        table.AddRow("licence", Markup.Escape($"{a.Licence.Id}: {a.Licence.Attribution}"));
        foreach (var fallback in a.Provenance.Fallbacks)
        {
            table.AddRow("fallback", Markup.Escape($"{fallback.Kind}: {fallback.Detail}"));
        }

        table.AddRow("tried", Markup.Escape(string.Join("; ", a.Provenance.Attempts.Select(t => $"{t.Level} {t.Source} {t.Region} {t.Outcome}"))));
        table.AddRow("sha256", a.Provenance.Sha256);
        AnsiConsole.Write(table);
    }

    private static string F(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
