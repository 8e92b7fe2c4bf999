using System.Globalization;
using System.Text.Json;
using FactorTrace.Reporting.Model;

namespace FactorTrace.Reporting.Queries;

/// <summary>Reads back the <c>rows</c> object a figure carries in the report's JSON (<c>Rendering.FigureExport</c> writes it).</summary>
public static class FigureSelectorJson
{
    /// <summary>The selector of a figure's <c>rows</c> object.</summary>
    /// <exception cref="FormatException">The object is not a selector.</exception>
    public static FigureSelector Read(JsonElement rows)
    {
        static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        static DateOnly Date(JsonElement e, string name) => DateOnly.ParseExact(Text(e, name) ?? throw new FormatException($"The selector has no {name}."), "yyyy-MM-dd", CultureInfo.InvariantCulture);

        var category = Text(rows, "category");
        var source = Text(rows, "scope1_source");
        var site = Text(rows, "site");
        return new FigureSelector
        {
            From = Date(rows, "from"),
            To = Date(rows, "to"),
            View = Text(rows, "scope2_method") == "market" ? Scope2View.MarketBased : Scope2View.LocationBased,
            Column = Text(rows, "amount") switch
            {
                "co2_kg_co2e" => FigureColumn.Co2,
                "ch4_kg_co2e" => FigureColumn.Ch4,
                "n2o_kg_co2e" => FigureColumn.N2o,
                "other_kg_co2e" => FigureColumn.OtherGases,
                "kg_co2e less the gas columns" => FigureColumn.Unattributed,
                "biogenic_co2_kg" => FigureColumn.BiogenicCo2,
                "kg_co2e" or null => FigureColumn.KgCo2e,
                var other => throw new FormatException($"Unknown amount column '{other}'."),
            },
            Scope = Text(rows, "scope"),
            Category = category == "(none)" ? null : category,
            NoCategory = category == "(none)",
            Scope1Source = source == "(none)" ? null : source,
            NoScope1Source = source == "(none)",
            Site = site == "(none)" ? null : site,
            NoSite = site == "(none)",
            Tier = rows.TryGetProperty("quality_tier", out var tier) ? tier.GetInt32() : null,
            Primary = rows.TryGetProperty("primary_data", out var primary) ? primary.GetBoolean() : null,
            FactorNumbers = rows.TryGetProperty("factor_numbers", out var numbers) ? numbers.EnumerateArray().Select(n => n.GetInt32()).ToList() : null,
            Basis = Text(rows, "basis"),
        };
    }
}
