using FactorTrace.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FactorTrace.Data;

/// <summary>Used by <c>dotnet ef migrations add</c> (see <c>scripts/add-migration.sh</c>).</summary>
internal sealed class DesignTimeDbFactory : IDesignTimeDbContextFactory<FactorTraceDb>
{
    public FactorTraceDb CreateDbContext(string[] args)
    {
        var options = new DatabaseOptions { Provider = DatabaseProviders.Sqlite, ConnectionString = "Data Source=design.db" };
        return new FactorTraceDb(DatabaseSetup.Configure(new DbContextOptionsBuilder<FactorTraceDb>(), options, owner: true).Options, new TenantScope());
    }
}
