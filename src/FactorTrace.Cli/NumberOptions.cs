using System.CommandLine;
using FactorTrace.Text;

namespace FactorTrace.Cli;

/// <summary>Numeric options read with <see cref="InvariantNumber"/>: the same numbers on every machine, and no silent 12,5 → 125.</summary>
internal static class NumberOptions
{
    public static Option<double> Double(string name, string description, bool required = false) => new(name)
    {
        Description = description,
        Required = required,
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (InvariantNumber.TryParse(token, out var value, out var problem))
            {
                return value;
            }

            result.AddError($"{name}: {problem}");
            return 0;
        },
    };

    public static Option<int> Integer(string name, string description, bool required = false, int? defaultValue = null)
    {
        var option = new Option<int>(name)
        {
            Description = description,
            Required = required,
            CustomParser = result =>
            {
                var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
                if (InvariantNumber.TryParseInteger(token, out var value, out var problem))
                {
                    return value;
                }

                result.AddError($"{name}: {problem}");
                return 0;
            },
        };
        if (defaultValue is { } fallback)
        {
            option.DefaultValueFactory = _ => fallback;
        }

        return option;
    }

    public static Option<int?> OptionalInteger(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (InvariantNumber.TryParseInteger(token, out var value, out var problem))
            {
                return value;
            }

            result.AddError($"{name}: {problem}");
            return null;
        },
    };
}
