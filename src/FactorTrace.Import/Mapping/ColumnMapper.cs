using FactorTrace.Text;
using FactorTrace.Units;

namespace FactorTrace.Import.Mapping;

/// <summary>
/// Suggests a field for each column, strongest evidence first: a template the user named, this tenant's earlier
/// mappings of the same header, the exact header, a fuzzy header match, then the column's content. Each field goes to
/// one column; a unit or currency named in a header ("Consumption (kWh)", "Cost (EUR)", "therms") becomes that column's
/// unit or currency. Header candidates are weighed by the share of the column's values that fit the field, and a field
/// most values cannot be is never chosen.
/// </summary>
public static class ColumnMapper
{
    /// <summary>A unit or currency named in a header.</summary>
    /// <param name="Text">The text naming it (<c>kWh</c>, <c>€</c>, <c>therms</c>).</param>
    /// <param name="Unit">The registry's unit or currency; null when the word is ambiguous.</param>
    /// <param name="Choices">The units an ambiguous word could mean (<c>gal_us</c>, <c>gal_imp</c>).</param>
    /// <param name="Rest">The header without it.</param>
    public sealed record HeaderUnit(string Text, UnitDefinition? Unit, IReadOnlyList<string> Choices, string Rest);

    /// <summary>
    /// Below this share of a column's sampled values that read as a typed field (a date, a number, a unit, a currency, a
    /// scope, a category), the column is never mapped to it, whatever its header says.
    /// </summary>
    public const double MinimumFit = 0.5;

    /// <summary>The suggested mapping.</summary>
    public static ImportMapping Suggest(
        long? headerRow, IReadOnlyList<string> headers, IReadOnlyList<ColumnProfile> profiles, IReadOnlyDictionary<string, string> history, ImportMapping? template)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(history);
        var candidates = new List<(int Column, string Field, string Method, double Confidence)>();
        var headerUnits = new HeaderUnit?[headers.Count];
        for (var i = 0; i < headers.Count; i++)
        {
            var normalized = ImportFields.NormalizeHeader(headers[i]);
            if (template?.Columns.FirstOrDefault(c => ImportFields.NormalizeHeader(c.Header) == normalized) is { } fromTemplate)
            {
                if (fromTemplate.Field is { } templateField)
                {
                    candidates.Add((i, templateField, "template", 1.0));
                }

                continue;
            }

            if (history.TryGetValue(normalized, out var remembered))
            {
                candidates.Add((i, remembered, "history", 0.97));
            }

            var profile = i < profiles.Count ? profiles[i] : null;
            foreach (var (field, method, confidence) in HeaderCandidates(headers[i], out headerUnits[i]))
            {
                // Header meaning first, but never against the values: a field most of them cannot be is not a candidate.
                var fit = profile?.Fit(field) ?? 1;
                if (IsTyped(field) && fit < MinimumFit)
                {
                    continue;
                }

                candidates.Add((i, field, method, confidence * (IsTyped(field) ? 0.5 + (0.5 * fit) : fit)));
            }

            if (profile is not null && Content(profile) is { } content)
            {
                candidates.Add((i, content.Field, "content", content.Confidence));
            }
        }

        var assigned = new Dictionary<int, (string Field, string Method, double Confidence)>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates.OrderByDescending(c => c.Confidence).ThenBy(c => c.Column))
        {
            if (assigned.ContainsKey(candidate.Column) || (candidate.Field != "notes" && taken.Contains(candidate.Field)))
            {
                continue;
            }

            assigned[candidate.Column] = (candidate.Field, candidate.Method, candidate.Confidence);
            taken.Add(candidate.Field);
        }

        var columns = new List<ColumnMapping>(headers.Count);
        for (var i = 0; i < headers.Count; i++)
        {
            var templateColumn = template?.Columns.FirstOrDefault(c => ImportFields.NormalizeHeader(c.Header) == ImportFields.NormalizeHeader(headers[i]));
            if (!assigned.TryGetValue(i, out var a))
            {
                columns.Add(new ColumnMapping(i, headers[i], null, "none", 0));
                continue;
            }

            var unit = headerUnits[i] is { Unit: { } u } && a.Field == "amount" && u.Dimension != "money" ? u.Code : null;
            var currency = headerUnits[i] is { Unit: { } c } && a.Field == "spend" && c.Dimension == "money" ? c.Code : null;
            columns.Add(new ColumnMapping(i, headers[i], a.Field, a.Method, Math.Round(a.Confidence, 2), templateColumn?.NumberFormat, templateColumn?.DateOrder,
                templateColumn?.Unit ?? unit, templateColumn?.Currency ?? currency));
        }

        return new ImportMapping { HeaderRow = headerRow, Columns = columns, Defaults = template?.Defaults ?? new Dictionary<string, string>() };
    }

    /// <summary>
    /// A unit or currency a header names, and the header without it: in brackets (<c>Cost (EUR)</c>, <c>Amount [€]</c>),
    /// after "in"/"en" (<c>Verbrauch in m³</c>), as the last or first word (<c>Spend USD</c>, <c>Energy kWh</c>,
    /// <c>cost_usd</c>), or the whole header (<c>therms</c>, <c>EUR</c>). Words that name several units (<c>gal</c>,
    /// <c>therms</c>) are returned with their choices; single letters count only in brackets or as the whole header.
    /// </summary>
    public static HeaderUnit? FindUnit(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var text = header.Trim();
        var open = text.LastIndexOfAny(['(', '[']);
        var close = text.LastIndexOfAny([')', ']']);
        if (open >= 0 && close > open)
        {
            var inner = text[(open + 1)..close].Trim();
            if (inner.StartsWith("in ", StringComparison.OrdinalIgnoreCase) || inner.StartsWith("en ", StringComparison.OrdinalIgnoreCase))
            {
                inner = inner[3..].Trim();
            }

            var rest = (text[..open] + text[(close + 1)..]).Trim();
            if (!IsRate(inner, text[..open]) && Known(inner, minLength: 1) is { } found)
            {
                return found with { Rest = rest };
            }
        }

        if (Known(text, minLength: 1) is { } whole)
        {
            return whole with { Rest = "" };
        }

        var words = text.Split([' ', '_', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 3 && words[^2] is "in" or "In" or "en" or "En" && Known(words[^1], minLength: 1) is { } after)
        {
            return after with { Rest = string.Join(' ', words[..^2]) };
        }

        if (words.Length >= 2 && !IsRate(words[^1], string.Join(' ', words[..^1])) && Known(words[^1], minLength: 2) is { } last)
        {
            return last with { Rest = string.Join(' ', words[..^1]) };
        }

        if (words.Length >= 2 && Known(words[0], minLength: 2) is { } first)
        {
            return first with { Rest = string.Join(' ', words[1..]) };
        }

        return null;
    }

    /// <summary>"Consumption (kWh)" → "Consumption", with unit "kWh" when the registry knows it.</summary>
    public static string WithoutUnit(string header, out string? unit)
    {
        ArgumentNullException.ThrowIfNull(header);
        var found = FindUnit(header);
        unit = found?.Unit is { } known && known.Dimension != "money" ? known.Code : null;
        return found is null ? header : found.Rest;
    }

    /// <summary>A price or rate, not a quantity: "Price per Litre", "Cost (per kWh)", "EUR/L".</summary>
    private static bool IsRate(string unitText, string before)
    {
        var trimmed = before.TrimEnd();
        return unitText.StartsWith("per ", StringComparison.OrdinalIgnoreCase) || unitText.StartsWith('/')
            || trimmed.EndsWith(" per", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("per", StringComparison.OrdinalIgnoreCase) || trimmed.EndsWith('/');
    }

    private static HeaderUnit? Known(string text, int minLength)
    {
        var trimmed = text.Trim().Trim('.', ':');
        if (trimmed.Length < minLength || trimmed.All(char.IsDigit))
        {
            return null;
        }

        var lookup = UnitRegistry.Default.Lookup(trimmed);
        return lookup.Unit is not null || lookup.IsAmbiguous ? new HeaderUnit(trimmed, lookup.Unit, lookup.Choices, "") : null;
    }

    private static bool IsTyped(string field) =>
        field is "date" or "period" or "period_start" or "period_end" or "amount" or "spend" or "unit" or "currency" or "scope" or "category";

    /// <summary>Fields the header names, with how: exact names, a unit or currency in it, "… date", then fuzzy names.</summary>
    private static List<(string Field, string Method, double Confidence)> HeaderCandidates(string header, out HeaderUnit? unit)
    {
        var found = new List<(string, string, double)>();
        var normalized = ImportFields.NormalizeHeader(header);
        unit = FindUnit(header);
        var rest = ImportFields.NormalizeHeader(unit?.Rest ?? header);
        var money = unit?.Unit is { Dimension: "money" };
        string? named = null;
        if (ImportFields.Synonyms.TryGetValue(normalized, out var exact) || ImportFields.Synonyms.TryGetValue(rest, out exact))
        {
            named = exact;
        }

        if (unit is not null)
        {
            // A unit or currency in the header: the column holds amounts in it ("Amount [€]" is a spend, "Fuel (litres)" an amount).
            var field = money ? "spend" : "amount";
            found.Add((field, "exact", named == field || rest.Length == 0 ? 0.96 : 0.93));
            if (named is not null && named != field && !(named is "amount" or "spend"))
            {
                found.Add((named, "exact", 0.9));
            }
        }
        else if (named is not null)
        {
            found.Add((named, "exact", 0.95));
            if (ImportFields.Also.TryGetValue(rest.Length > 0 ? rest : normalized, out var also))
            {
                found.Add((also, "exact", 0.9));
            }
        }
        else if (rest.EndsWith(" date", StringComparison.Ordinal) || rest.StartsWith("date ", StringComparison.Ordinal) || rest.EndsWith(" datum", StringComparison.Ordinal))
        {
            found.Add(("date", "fuzzy", 0.8));
        }
        else if (Fuzzy(rest) is { } fuzzy)
        {
            found.Add((fuzzy.Field, "fuzzy", fuzzy.Confidence));
        }

        return found;
    }

    private static (string Field, double Confidence)? Fuzzy(string normalized)
    {
        if (normalized.Length < 3)
        {
            return null;
        }

        (string Field, double Confidence)? best = null;
        var tokens = normalized.Split(' ');
        foreach (var (synonym, field) in ImportFields.Synonyms)
        {
            double confidence;
            if (synonym.Length >= 4 && Math.Abs(synonym.Length - normalized.Length) <= 2)
            {
                var distance = EditDistance.Compute(normalized, synonym, 2);
                confidence = distance <= 2 ? 0.85 - (0.1 * distance) : 0;
            }
            else
            {
                confidence = 0;
            }

            // Every word of the synonym among the header's words: "Electricity consumption" → amount.
            var words = synonym.Split(' ');
            if (confidence == 0 && synonym.Length >= 4 && words.All(w => tokens.Contains(w)))
            {
                confidence = 0.6 + (0.05 * Math.Min(3, words.Length));
            }

            if (confidence > 0 && (best is null || confidence > best.Value.Confidence))
            {
                best = (field, confidence);
            }
        }

        return best;
    }

    private static (string Field, double Confidence)? Content(ColumnProfile profile)
    {
        if (profile.Values == 0)
        {
            return null;
        }

        double share(long n) => (double)n / profile.Values;
        if (share(profile.Currencies) >= 0.8)
        {
            return ("currency", 0.5);
        }

        if (share(profile.Units + profile.AmbiguousUnits) >= 0.8)
        {
            return ("unit", 0.5);
        }

        if (share(profile.Dates - profile.PlainNumbers) >= 0.8 && profile.Fit("date") >= 0.8)
        {
            return ("date", 0.45);
        }

        if (share(profile.Parsed) >= 0.8)
        {
            return ("amount", 0.3);
        }

        // Text that could describe an activity; codes (vehicle plates, card numbers, booking references) do not.
        return profile.Samples.Count >= 2 && share(profile.Codes) < 0.5 ? ("description", 0.2) : null;
    }
}
