using System.ComponentModel.DataAnnotations;

namespace FactorTrace.Data;

/// <summary>Where the service keeps tenants, identities and (later) ledgers. Section <c>FactorTrace:Database</c>.</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "FactorTrace:Database";

    /// <summary><c>sqlite</c> (embedded default, a file under the data directory) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = DatabaseProviders.Sqlite;

    /// <summary>
    /// Connection string the application uses for tenant work. On PostgreSQL this should be a role that does not own the
    /// tables, so row-level security applies to it. Empty on SQLite means <c>&lt;DataDirectory&gt;/factortrace.db</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Connection string of the role that owns the schema: runs migrations and the few cross-tenant lookups (sign-in by
    /// e-mail, API key by prefix, tenant creation). Defaults to <see cref="ConnectionString"/>.
    /// </summary>
    public string? OwnerConnectionString { get; set; }

    /// <summary>Apply migrations at start-up (default true).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// EF Core global tenant filters (default true). Switching them off is a diagnostic used by the isolation tests to show
    /// that PostgreSQL row-level security alone holds; it is refused on SQLite, which has no row-level security.
    /// </summary>
    public bool TenantQueryFilters { get; set; } = true;

    /// <summary>
    /// Start even when the application's PostgreSQL connection can bypass row-level security (it owns the tables, is a
    /// superuser or has BYPASSRLS). Default false: the service refuses to start, since then nothing but the EF filters
    /// would keep tenants apart. Meant for one-off maintenance runs, never for serving tenants.
    /// </summary>
    public bool AllowRowLevelSecurityBypass { get; set; }

    /// <summary>Whether the provider is PostgreSQL.</summary>
    public bool IsPostgres => string.Equals(Provider, DatabaseProviders.Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>The owner connection string, falling back to the application one.</summary>
    public string EffectiveOwnerConnectionString => string.IsNullOrWhiteSpace(OwnerConnectionString) ? ConnectionString ?? "" : OwnerConnectionString;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!DatabaseProviders.All.Contains(Provider, StringComparer.OrdinalIgnoreCase))
        {
            yield return new ValidationResult(
                $"FactorTrace:Database:Provider '{Provider}' is not supported; use 'sqlite' or 'postgres'.", [nameof(Provider)]);
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                IsPostgres
                    ? "FactorTrace:Database:ConnectionString is required when the provider is 'postgres' (Host=…;Database=…;Username=…;Password=…)."
                    : "FactorTrace:Database:ConnectionString is empty and no FactorTrace:DataDirectory was given for the SQLite file.",
                [nameof(ConnectionString)]);
        }

        if (!TenantQueryFilters && !IsPostgres)
        {
            yield return new ValidationResult(
                "FactorTrace:Database:TenantQueryFilters=false is refused on SQLite: without PostgreSQL row-level security nothing would isolate tenants.",
                [nameof(TenantQueryFilters)]);
        }
    }
}

/// <summary>Supported database providers.</summary>
public static class DatabaseProviders
{
    /// <summary>Embedded SQLite.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>PostgreSQL (Npgsql).</summary>
    public const string Postgres = "postgres";

    /// <summary>Both.</summary>
    public static IReadOnlyList<string> All { get; } = [Sqlite, Postgres];
}
