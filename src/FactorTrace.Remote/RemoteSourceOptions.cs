using FactorTrace.Quality;
using FactorTrace.Sources;

namespace FactorTrace.Remote;

/// <summary>Remote sources (configuration section <c>FactorTrace:RemoteSources</c>), by source id.</summary>
public sealed class RemoteSourcesOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "FactorTrace:RemoteSources";

    /// <summary>Sources by id.</summary>
    public Dictionary<string, RemoteSourceOptions> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Distinct factors of licensed (no bulk export) sources one tenant may receive per UTC day.</summary>
    public int MaxLicensedFactorsPerTenantPerDay { get; set; } = 500;
}

/// <summary>One remote source.</summary>
public sealed class RemoteSourceOptions
{
    /// <summary><c>licensed-api</c> (the contract in <c>docs/remote-sources.md</c>) or <c>climatiq</c> (estimate API).</summary>
    public string Kind { get; set; } = "licensed-api";

    /// <summary>Display name.</summary>
    public string? Name { get; set; }

    /// <summary>Base URL of the API.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>API key (sent as a bearer token).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Whether the source is used.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Position in the default source order (0 = first).</summary>
    public int Priority { get; set; }

    /// <summary>Requests in flight at once; more wait (within the timeout) or are refused.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary><c>activity</c>, <c>grid</c> or <c>spend</c>.</summary>
    public string SourceKind { get; set; } = "activity";

    /// <summary>GWP set of the source's CO2e values when an answer does not state it.</summary>
    public string? GwpBasis { get; set; }

    /// <summary>Data version to ask for (Climatiq <c>data_version</c>, for example <c>^21</c>).</summary>
    public string? DataVersion { get; set; }

    /// <summary>Canonical activity id → the source's activity id, where the source does not use ours.</summary>
    public Dictionary<string, string> ActivityMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The licence.</summary>
    public RemoteLicenceOptions Licence { get; set; } = new();

    /// <summary>Pedigree of the source's data (temporal and geographical are scored per answer).</summary>
    public int Reliability { get; set; } = 2;

    /// <summary>Pedigree completeness.</summary>
    public int Completeness { get; set; } = 2;

    /// <summary>Pedigree technological correlation.</summary>
    public int Technological { get; set; } = 1;

    internal SourceDefinition ToDefinition(string id) => new()
    {
        Id = id,
        Name = Name ?? id,
        Datasets = [],
        Kind = SourceKind,
        GwpBasis = GwpBasis,
        Pedigree = new PedigreeScores(Reliability, Completeness, 1, 1, Technological),
        IsRemote = true,
        LicencePolicy = new LicencePolicy(Licence.BulkExport, Licence.MaxCacheAge) { LicenceId = Licence.Id ?? id, Attribution = Licence.Attribution },
    };
}

/// <summary>What a remote source's licence allows.</summary>
public sealed class RemoteLicenceOptions
{
    /// <summary>Licence id shown on answers.</summary>
    public string? Id { get; set; }

    /// <summary>Attribution text shown on every answer.</summary>
    public string? Attribution { get; set; }

    /// <summary>Whether its factors may leave through listings, exports and bulk endpoints (false for runtime-only licences).</summary>
    public bool BulkExport { get; set; }

    /// <summary>Longest time any layer may keep one of its answers, stale included (24 h for ecoinvent); null for no limit.</summary>
    public TimeSpan? MaxCacheAge { get; set; }
}
