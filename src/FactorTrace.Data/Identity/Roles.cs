namespace FactorTrace.Data.Identity;

/// <summary>The roles a user or API key can hold inside a tenant.</summary>
public static class Roles
{
    /// <summary>Manages users, keys and settings of the tenant, and everything an editor can do.</summary>
    public const string Admin = "admin";

    /// <summary>Writes the tenant's data (activities, imports, private factors) and reads everything.</summary>
    public const string Editor = "editor";

    /// <summary>Reads factors and the tenant's data.</summary>
    public const string Viewer = "viewer";

    /// <summary>Reads everything, including the audit log, and changes nothing.</summary>
    public const string Auditor = "auditor";

    /// <summary>All roles.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, Editor, Viewer, Auditor];

    /// <summary>Whether the text names a role.</summary>
    public static bool IsValid(string? role) => role is not null && All.Contains(role);
}
