using System.CommandLine;
using System.CommandLine.Parsing;
using FactorTrace.Text;

namespace FactorTrace.Cli;

/// <summary>Numeric options read with <see cref="InvariantNumber"/>: the same numbers on every machine, and no silent 12,5 → 125.</summary>
internal static class NumberOptions
{
    private delegate bool Reader<T>(string? text, out T value, out string? problem);

    public static Option<double> Double(string name, string description, bool required = false) => new(name)
    {
        Description = description,
        Required = required,
        CustomParser = result => Read<double>(result, name, InvariantNumber.TryParse),
    };

    public static Option<int> Integer(string name, string description, bool required = false, int? defaultValue = null)
    {
        var option = new Option<int>(name)
        {
            Description = description,
            Required = required,
            CustomParser = result => Read<int>(result, name, InvariantNumber.TryParseInteger),
        };
        if (defaultValue is { } fallback)
        {
            option.DefaultValueFactory = _ => fallback;
        }

        return option;
    }

    public static Option<double?> OptionalDouble(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => Read<double>(result, name, InvariantNumber.TryParse),
    };

    public static Option<int?> OptionalInteger(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => Read<int>(result, name, InvariantNumber.TryParseInteger),
    };

    /// <summary>The option's value, or the reader's problem as a parse error (exit code 2).</summary>
    private static T Read<T>(ArgumentResult result, string name, Reader<T> reader)
    {
        if (reader(result.Tokens.Count > 0 ? result.Tokens[0].Value : null, out var value, out var problem))
        {
            return value;
        }

        result.AddError($"{name}: {problem}");
        return default!;
    }
}
