using System.Text;

namespace FactorTrace.Datasets.Ingestion;

/// <summary>
/// A mapping template: literal text with placeholders — <c>{Header name}</c>, <c>{@E}</c>, <c>{$var}</c>,
/// <c>{units:@E}</c> (the column's units text) and <c>{header:@E}</c> (the column's header text).
/// </summary>
internal sealed class Template
{
    private readonly List<(string? Literal, Placeholder? Slot)> _parts = [];

    private Template(string text) => Text = text;

    public string Text { get; }

    public bool IsSinglePlaceholder => _parts.Count == 1 && _parts[0].Slot is not null;

    public static Template Compile(string text, TableHeader header)
    {
        var template = new Template(text);
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '{')
            {
                literal.Append(text[i]);
                continue;
            }

            var close = text.IndexOf('}', i);
            if (close < 0)
            {
                throw new IngestionException($"Template '{text}' has an unclosed '{{'.");
            }

            if (literal.Length > 0)
            {
                template._parts.Add((literal.ToString(), null));
                literal.Clear();
            }

            template._parts.Add((null, Placeholder.Parse(text[(i + 1)..close], header)));
            i = close;
        }

        if (literal.Length > 0)
        {
            template._parts.Add((literal.ToString(), null));
        }

        return template;
    }

    /// <summary>The text, or null when every placeholder is empty (or the single placeholder is).</summary>
    public string? Evaluate(TableRecord record, TableHeader header)
    {
        if (IsSinglePlaceholder)
        {
            return _parts[0].Slot!.Evaluate(record, header);
        }

        var builder = new StringBuilder();
        var anyValue = _parts.All(p => p.Slot is null);
        foreach (var (lit, slot) in _parts)
        {
            if (lit is not null)
            {
                builder.Append(lit);
                continue;
            }

            var value = slot!.Evaluate(record, header);
            if (value is not null)
            {
                anyValue = true;
                builder.Append(value);
            }
        }

        var result = builder.ToString().Trim();
        return anyValue && result.Length > 0 ? result : null;
    }

    private sealed class Placeholder
    {
        private string _kind = "cell";
        private string _name = "";
        private int _column = -1;

        public static Placeholder Parse(string body, TableHeader header)
        {
            var p = new Placeholder();
            if (body.StartsWith('$'))
            {
                p._kind = "var";
                p._name = body[1..];
            }
            else if (body.StartsWith("units:", StringComparison.Ordinal))
            {
                p._kind = "units";
                p._column = header.Resolve(body[6..]);
            }
            else if (body.StartsWith("header:", StringComparison.Ordinal))
            {
                p._kind = "header";
                p._column = header.Resolve(body[7..]);
            }
            else
            {
                p._column = header.Resolve(body);
            }

            return p;
        }

        public string? Evaluate(TableRecord record, TableHeader header) => _kind switch
        {
            "var" => record.Vars.GetValueOrDefault(_name),
            "units" => record.UnitOf(_column),
            "header" => _column < header.Names.Length ? header.Names[_column] : null,
            _ => record.Cell(_column),
        };
    }
}
