using System.Collections;
using System.Reflection;

namespace FactorTrace.Server.Tests.Deployment;

/// <summary>
/// Whether an environment variable a deployment file sets is a setting the service reads: <c>FactorTrace__A__B</c> is
/// walked through the options types bound to each configuration section (case-insensitive, as configuration binding
/// is); dictionaries accept any key below them.
/// </summary>
internal static class SettingNames
{
    private static readonly Dictionary<string, Type> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = typeof(Hosting.ServiceOptions),
        ["Cache"] = typeof(FactorTrace.Caching.CacheOptions),
        ["Datasets"] = typeof(FactorTrace.Datasets.DatasetsOptions),
        ["Database"] = typeof(FactorTrace.Data.DatabaseOptions),
        ["Resilience"] = typeof(FactorTrace.Resilience.ResilienceOptions),
        ["RemoteSources"] = typeof(FactorTrace.Remote.RemoteSourcesOptions),
        ["Broker"] = typeof(FactorTrace.Broker.BrokerOptions),
        ["Grid"] = typeof(FactorTrace.Grid.GridOptions),
        ["Imports"] = typeof(FactorTrace.Import.ImportOptions),
        ["Usage"] = typeof(FactorTrace.Server.Usage.UsageOptions),
        ["Email"] = typeof(FactorTrace.Server.Notifications.EmailOptions),
    };

    /// <summary>Variables read outside the <c>FactorTrace</c> section.</summary>
    private static readonly HashSet<string> Others = new(StringComparer.Ordinal)
    {
        "ASPNETCORE_URLS", "FACTORTRACE_DATASETS_PATH", "DOTNET_EnableDiagnostics",
    };

    /// <summary>Null when the service reads the variable, else why not.</summary>
    public static string? Problem(string variable)
    {
        if (Others.Contains(variable))
        {
            return null;
        }

        var parts = variable.Split("__");
        if (parts.Length < 2 || !parts[0].Equals("FactorTrace", StringComparison.Ordinal))
        {
            return $"{variable}: not a FactorTrace setting";
        }

        var rest = parts[1..];
        if (Sections.TryGetValue(rest[0], out var sectionType) && rest[0].Length > 0)
        {
            return Walk(sectionType, rest[1..], variable);
        }

        return Walk(Sections[""], rest, variable);
    }

    private static string? Walk(Type type, string[] path, string variable)
    {
        foreach (var (name, i) in path.Select((p, i) => (p, i)))
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                // Any key; what lies below it is the dictionary's value type.
                type = type.GetGenericArguments()[1];
                continue;
            }

            if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && int.TryParse(name, out _))
            {
                type = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
                continue;
            }

            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite && !typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                return $"{variable}: {type.Name} has no setting '{name}'";
            }

            type = property.PropertyType;
            if (i == path.Length - 1 && !IsLeaf(type))
            {
                return $"{variable}: '{name}' is a section, not a value";
            }
        }

        return path.Length == 0 ? $"{variable}: a section, not a value" : null;
    }

    private static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(Uri)
            || (t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t) && !(t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>)));
    }
}
