using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FactorTrace.Data.Tenancy;

/// <summary>
/// PostgreSQL: every time EF opens a connection (one per query, SaveChanges or explicit transaction) the tenant of the
/// opening <see cref="FactorTraceDb"/> is written into the session setting <c>factortrace.tenant_id</c> that the row-level security policies read.
/// A context without a tenant writes the empty string, which the policies treat as "no tenant": nothing is visible.
/// Npgsql discards session state when the connection returns to its pool, so a setting never outlives its checkout.
/// </summary>
internal sealed class TenantSessionInterceptor : DbConnectionInterceptor
{
    public const string SettingName = "factortrace.tenant_id";

    /// <summary>Set to <c>on</c> only by owner-connection contexts: the owner's way past forced row-level security.</summary>
    public const string SystemSettingName = "factortrace.system";

    private readonly string _system;

    private TenantSessionInterceptor(bool system) => _system = system ? "on" : "";

    /// <summary>For the application's connection.</summary>
    public static TenantSessionInterceptor Instance { get; } = new(system: false);

    /// <summary>For the owner's connection (<see cref="SystemDbFactory"/>, migrations).</summary>
    public static TenantSessionInterceptor System { get; } = new(system: true);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = CreateCommand(connection, eventData);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = CreateCommand(connection, eventData);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private DbCommand CreateCommand(DbConnection connection, ConnectionEventData eventData)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"SELECT set_config('{SettingName}', @tenant, false), set_config('{SystemSettingName}', @system, false)";
        var tenant = command.CreateParameter();
        tenant.ParameterName = "tenant";
        tenant.Value = (eventData.Context as FactorTraceDb)?.CurrentTenantId?.ToString() ?? "";
        command.Parameters.Add(tenant);
        var system = command.CreateParameter();
        system.ParameterName = "system";
        system.Value = _system;
        command.Parameters.Add(system);
        return command;
    }
}
