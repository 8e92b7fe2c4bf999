using System.Text.RegularExpressions;

namespace FactorTrace.Activities;

/// <summary>
/// Text that is written like an activity id (<c>fuel.dieselx</c>: dotted segments, no spaces) is taken as one: when no
/// such id exists it is an error with suggestions, never quietly matched to a near neighbour as free text would be.
/// </summary>
public static partial class ActivityIdShape
{
    /// <summary>Whether the text looks like an activity id rather than a description.</summary>
    public static bool LooksLikeId(string text) => IdPattern().IsMatch(text);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
