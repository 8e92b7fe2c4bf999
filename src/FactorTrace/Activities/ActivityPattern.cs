namespace FactorTrace.Activities;

/// <summary>A family of activity ids generated from one source's rows (<c>spend.naics.&lt;code&gt;</c>).</summary>
public sealed record ActivityPattern
{
    /// <summary>Id prefix without the trailing dot (<c>spend.naics</c>).</summary>
    public required string Prefix { get; init; }

    /// <summary>Name template with <c>{name}</c> and <c>{code}</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The source whose rows generate the ids.</summary>
    public required string Source { get; init; }

    /// <summary><c>source_id</c> (the publisher id after <see cref="Strip"/>) or <c>name_slug</c>.</summary>
    public required string CodeFrom { get; init; }

    /// <summary>Prefix removed from the publisher id to get the code.</summary>
    public string? Strip { get; init; }

    /// <summary>Regular expression a code must match to be well formed.</summary>
    public required string CodePattern { get; init; }

    /// <summary>Unit dimension.</summary>
    public required string UnitType { get; init; }

    /// <summary>Default scope.</summary>
    public required string Scope { get; init; }

    /// <summary>Default Scope 3 category.</summary>
    public string? Category { get; init; }

    /// <summary>How a missing code is proxied: <c>code_prefix</c> (codes sharing the longest prefix) or <c>group</c> (all codes).</summary>
    public required string Proxy { get; init; }

    /// <summary>The code of a factor of the source, or null when it does not belong to the pattern.</summary>
    public string? CodeOf(Factors.EmissionFactor factor)
    {
        ArgumentNullException.ThrowIfNull(factor);
        if (CodeFrom == "name_slug")
        {
            return Text.Slug.Of(factor.Name);
        }

        var id = factor.SourceActivityId;
        if (Strip is not null)
        {
            if (!id.StartsWith(Strip, StringComparison.Ordinal))
            {
                return null;
            }

            id = id[Strip.Length..];
        }

        return NormalizeCode(id);
    }

    /// <summary>Normalizes a code as written by a user or publisher: lower case, no spaces (<c>10.2 -3</c> → <c>10.2-3</c>).</summary>
    public static string NormalizeCode(string code) =>
        string.Concat((code ?? "").Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
}
