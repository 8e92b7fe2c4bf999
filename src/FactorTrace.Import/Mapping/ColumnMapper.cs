using FactorTrace.Text;
using FactorTrace.Units;

namespace FactorTrace.Import.Mapping;

/// <summary>
/// Suggests a field for each column, strongest evidence first: a template the user named, this tenant's earlier
/// mappings of the same header, the exact header, a fuzzy header match, then the column's content. Each field goes to
/// one column; a unit named in a header ("Consumption (kWh)") becomes that column's unit.
/// </summary>
public static class ColumnMapper
{
    /// <summary>The suggested mapping.</summary>
    public static ImportMapping Suggest(
        long? headerRow, IReadOnlyList<string> headers, IReadOnlyList<ColumnProfile> profiles, IReadOnlyDictionary<string, string> history, ImportMapping? template)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(history);
        var candidates = new List<(int Column, string Field, string Method, double Confidence)>();
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

            var stripped = ImportFields.NormalizeHeader(WithoutUnit(headers[i], out _));
            if (ImportFields.Synonyms.TryGetValue(normalized, out var exact) || ImportFields.Synonyms.TryGetValue(stripped, out exact))
            {
                candidates.Add((i, exact, "exact", 0.95));
            }
            else if (Fuzzy(stripped) is { } fuzzy)
            {
                candidates.Add((i, fuzzy.Field, "fuzzy", fuzzy.Confidence));
            }

            if (i < profiles.Count && Content(profiles[i]) is { } content)
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
            WithoutUnit(headers[i], out var unit);
            var templateColumn = template?.Columns.FirstOrDefault(c => ImportFields.NormalizeHeader(c.Header) == ImportFields.NormalizeHeader(headers[i]));
            columns.Add(assigned.TryGetValue(i, out var a)
                ? new ColumnMapping(i, headers[i], a.Field, a.Method, Math.Round(a.Confidence, 2), templateColumn?.NumberFormat, templateColumn?.DateOrder, templateColumn?.Unit ?? (a.Field == "amount" ? unit : null))
                : new ColumnMapping(i, headers[i], null, "none", 0));
        }

        return new ImportMapping { HeaderRow = headerRow, Columns = columns, Defaults = template?.Defaults ?? new Dictionary<string, string>() };
    }

    /// <summary>"Consumption (kWh)" → "Consumption", with unit "kWh" when the registry knows it.</summary>
    public static string WithoutUnit(string header, out string? unit)
    {
        ArgumentNullException.ThrowIfNull(header);
        unit = null;
        var open = header.LastIndexOfAny(['(', '[']);
        var close = header.LastIndexOfAny([')', ']']);
        if (open < 0 || close <= open)
        {
            return header;
        }

        var inner = header[(open + 1)..close].Trim();
        if (UnitRegistry.Default.Lookup(inner).Unit is { } known && known.Dimension != "money")
        {
            unit = known.Code;
        }

        return (header[..open] + header[(close + 1)..]).Trim();
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

        if (share(profile.Units) >= 0.8)
        {
            return ("unit", 0.5);
        }

        if (share(profile.Dates - profile.PlainNumbers) >= 0.8)
        {
            return ("date", 0.45);
        }

        if (share(profile.Numbers) >= 0.8)
        {
            return ("amount", 0.3);
        }

        return profile.Samples.Count >= 2 ? ("description", 0.2) : null;
    }
}
