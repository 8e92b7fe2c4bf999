namespace FactorTrace.Server.Tests;

/// <summary>The service on its embedded default (SQLite).</summary>
public sealed class SqliteServiceFixture : IAsyncLifetime
{
    public ServiceInstance Service { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Service = await ServiceInstance.StartAsync();

    public async ValueTask DisposeAsync() => await Service.DisposeAsync();
}

/// <summary>The service on PostgreSQL, as the non-owner application role, with EF tenant filters on or off.</summary>
public abstract class PostgresServiceFixture(bool tenantFilters, int maxPoolSize) : IAsyncLifetime
{
    public ServiceInstance Service { get; private set; } = null!;

    public PostgresDatabase Database { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = await PostgresDatabase.CreateAsync(maxPoolSize);
        Service = await ServiceInstance.StartAsync(Database.ServiceSettings(tenantFilters));
        using var client = Service.Client(await Service.TokenAsync());
        var ready = await client.GetStringAsync("/health/ready", TestContext.Current.CancellationToken);
        Assert.Contains("\"row_level_security\":\"enforced\"", ready, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>PostgreSQL with EF filters and row-level security, on a small pool (4 connections).</summary>
public sealed class PostgresFiltersFixture() : PostgresServiceFixture(tenantFilters: true, maxPoolSize: 4);

/// <summary>PostgreSQL with the EF filters switched off: only row-level security stands between tenants.</summary>
public sealed class PostgresRlsOnlyFixture() : PostgresServiceFixture(tenantFilters: false, maxPoolSize: 4);
