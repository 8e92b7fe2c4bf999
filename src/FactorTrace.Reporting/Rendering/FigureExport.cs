using System.Globalization;
using System.Text;
using System.Text.Json;
using FactorTrace.Reporting.Model;

namespace FactorTrace.Reporting.Rendering;

/// <summary>
/// Every reported figure (and every comparative figure) as CSV or JSON: id, label, the value as shown (same rounding as
/// the pages and the iXBRL facts), the unrounded value, the calculation run and the provenance hashes behind it.
/// </summary>
public static class FigureExport
{
    private static readonly string[] Header =
    [
        "figure_id", "label", "kind", "shown", "unit", "value_t", "value_kg", "value", "currency", "low95_t", "high95_t",
        "period_from", "period_to", "comparative", "calculation_run_id", "result_rows", "provenance_sha256",
    ];

    /// <summary>One line per figure, RFC 4180, UTF-8; hashes separated by spaces.</summary>
    public static void WriteCsv(EsrsE1Report report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var format = FigureFormat.For(report);
        using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(string.Join(',', Header));
        foreach (var (figure, period, kind, run) in Rows(report))
        {
            var shown = format.Show(figure);
            var emissions = figure.Kind == FigureKind.Emissions;
            writer.WriteLine(string.Join(',', new[]
            {
                figure.Id, figure.Label, Kind(figure.Kind), shown.Display, shown.Unit,
                emissions ? shown.Display.Replace(",", "", StringComparison.Ordinal) : "",
                emissions ? R(figure.Value) : "",
                R(figure.Value), figure.Currency ?? "",
                figure.Uncertainty is { } u ? format.Tonnes(u.LowKg).Rounded.ToString(CultureInfo.InvariantCulture) : "",
                figure.Uncertainty is { } v ? format.Tonnes(v.HighKg).Rounded.ToString(CultureInfo.InvariantCulture) : "",
                D(period.From), D(period.To), kind ?? "", run.ToString(), figure.Rows.ToString(CultureInfo.InvariantCulture),
                string.Join(' ', figure.ProvenanceHashes),
            }.Select(Field)));
        }
    }

    /// <summary>The report's figures and what they rest on, as JSON (snake_case).</summary>
    public static void WriteJson(EsrsE1Report report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var format = FigureFormat.For(report);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("framework", "esrs-e1");
        json.WriteString("title", ReportLayout.Title);
        json.WriteStartObject("entity");
        json.WriteString("name", report.Entity.Name);
        json.WriteString("lei", report.Entity.Lei);
        json.WriteEndObject();
        json.WriteString("from", D(report.Period.From));
        json.WriteString("to", D(report.Period.To));
        json.WriteStartObject("calculation_run");
        json.WriteString("id", report.Run.Id);
        json.WriteString("from", D(report.Run.From));
        json.WriteString("to", D(report.Run.To));
        json.WriteString("gwp_set", report.Run.GwpSet);
        json.WriteString("dataset_versions", report.Run.DatasetVersions);
        json.WriteString("generation", report.Run.Generation);
        json.WriteNumber("records", report.Run.Records);
        json.WriteNumber("failed_records", report.Run.FailedRecords);
        json.WriteEndObject();
        json.WriteNumber("tonne_decimals", format.TonneDecimals);
        json.WriteStartArray("figures");
        foreach (var (figure, period, kind, run) in Rows(report))
        {
            var shown = format.Show(figure);
            json.WriteStartObject();
            json.WriteString("id", figure.Id);
            json.WriteString("label", figure.Label);
            json.WriteString("kind", Kind(figure.Kind));
            json.WriteString("shown", shown.Display);
            json.WriteString("unit", shown.Unit);
            json.WriteNumber("shown_value", shown.Rounded);
            if (figure.Kind == FigureKind.Emissions)
            {
                json.WriteNumber("value_t", shown.Rounded);
                json.WriteNumber("value_kg", figure.Value);
            }

            json.WriteNumber("value", figure.Value);
            if (figure.Currency is { } currency)
            {
                json.WriteString("currency", currency);
            }

            if (figure.Uncertainty is { } u)
            {
                json.WriteStartObject("interval95_t");
                json.WriteNumber("low", format.Tonnes(u.LowKg).Rounded);
                json.WriteNumber("high", format.Tonnes(u.HighKg).Rounded);
                json.WriteString("method", u.Method);
                json.WriteEndObject();
            }

            json.WriteString("period_from", D(period.From));
            json.WriteString("period_to", D(period.To));
            if (kind is not null)
            {
                json.WriteString("comparative", kind);
            }

            json.WriteString("calculation_run_id", run);
            json.WriteNumber("result_rows", figure.Rows);
            json.WriteStartArray("provenance_sha256");
            foreach (var hash in figure.ProvenanceHashes)
            {
                json.WriteStringValue(hash);
            }

            json.WriteEndArray();
            if (figure.Selector is { } s)
            {
                WriteSelector(json, s);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("scope3_categories");
        foreach (var line in report.Scope3Categories)
        {
            json.WriteStartObject();
            json.WriteNumber("category", line.Number);
            json.WriteString("name", line.Name);
            json.WriteBoolean("included", line.Included);
            json.WriteString("exclusion_reason", line.ExclusionReason);
            json.WriteString("figure_id", line.Figure?.Id);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("methodology");
        json.WriteString("gwp_set", report.Methodology.GwpSet);
        json.WriteStartArray("datasets");
        foreach (var d in report.Methodology.Datasets)
        {
            json.WriteStartObject();
            json.WriteString("dataset", d.Dataset);
            json.WriteString("version", d.Version);
            json.WriteString("content_hash", d.ContentHash);
            json.WriteString("licence", d.Licence);
            json.WriteString("attribution", d.Attribution);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("market_steps");
        foreach (var step in report.Methodology.MarketSteps)
        {
            json.WriteStartObject();
            json.WriteString("step", step.Step);
            json.WriteNumber("kwh", step.Kwh);
            json.WriteString("figure_id", step.Figure.Id);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("exclusions");
        foreach (var e in report.Methodology.Exclusions)
        {
            json.WriteStringValue(e);
        }

        json.WriteEndArray();
        json.WriteString("uncertainty", report.Methodology.UncertaintyMethod);
        json.WriteStartArray("provenance_sha256");
        foreach (var hash in report.Methodology.ProvenanceHashes)
        {
            json.WriteStringValue(hash);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("comparatives");
        foreach (var c in report.Comparatives)
        {
            json.WriteStartObject();
            json.WriteString("kind", c.Kind);
            json.WriteString("from", D(c.Period.From));
            json.WriteString("to", D(c.Period.To));
            json.WriteString("calculation_run_id", c.RunId);
            json.WriteBoolean("restated", c.Restated);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static IEnumerable<(ReportFigure Figure, ReportPeriod Period, string? Comparative, Guid Run)> Rows(EsrsE1Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var figure in report.Figures())
        {
            yield return (figure, figure.Selector is { } s && figure.Id.StartsWith("month.", StringComparison.Ordinal) ? new ReportPeriod(s.From, s.To) : report.Period, null, report.Run.Id);
        }

        foreach (var comparative in report.Comparatives)
        {
            foreach (var figure in comparative.Figures.Values)
            {
                yield return (figure, comparative.Period, comparative.Kind, comparative.RunId);
            }
        }
    }

    private static void WriteSelector(Utf8JsonWriter json, FigureSelector s)
    {
        json.WriteStartObject("rows");
        json.WriteString("from", D(s.From));
        json.WriteString("to", D(s.To));
        json.WriteString("scope2_method", s.View == Scope2View.LocationBased ? "location" : "market");
        json.WriteString("amount", s.Column switch
        {
            FigureColumn.Co2 => "co2_kg_co2e",
            FigureColumn.Ch4 => "ch4_kg_co2e",
            FigureColumn.N2o => "n2o_kg_co2e",
            FigureColumn.OtherGases => "other_kg_co2e",
            FigureColumn.Unattributed => "kg_co2e less the gas columns",
            FigureColumn.BiogenicCo2 => "biogenic_co2_kg",
            _ => "kg_co2e",
        });
        Optional(json, "scope", s.Scope);
        Optional(json, "category", s.NoCategory ? "(none)" : s.Category);
        Optional(json, "scope1_source", s.NoScope1Source ? "(none)" : s.Scope1Source);
        Optional(json, "site", s.NoSite ? "(none)" : s.Site);
        Optional(json, "basis", s.Basis);
        if (s.Tier is { } tier)
        {
            json.WriteNumber("quality_tier", tier);
        }

        if (s.Primary is { } primary)
        {
            json.WriteBoolean("primary_data", primary);
        }

        if (s.FactorNumbers is { } numbers)
        {
            json.WriteStartArray("factor_numbers");
            foreach (var n in numbers)
            {
                json.WriteNumberValue(n);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string Kind(FigureKind kind) => kind switch
    {
        FigureKind.Percent => "percent",
        FigureKind.Money => "money",
        FigureKind.Intensity => "intensity",
        _ => "emissions",
    };

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string D(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An RFC 4180 field; text a spreadsheet would run as a formula is prefixed with an apostrophe.</summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '@' or '\t' or '\r' || (value.Length > 1 && value[0] == '-' && !char.IsAsciiDigit(value[1])))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
