using System.Data.Common;
using System.Security.Cryptography;
using FactorTrace.Data;
using FactorTrace.Data.Identity;
using FactorTrace.Data.Tenancy;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Tenancy;

/// <summary>
/// At start-up, in the background: applies migrations (retrying while the database is unreachable), then on an empty
/// database creates the <c>default</c> tenant and its first admin from <c>FactorTrace:Bootstrap</c>. With no password
/// configured one is generated and written, readable only by the service's user, to <c>bootstrap-admin.txt</c> in the
/// data directory. Readiness reports the state.
/// </summary>
internal sealed partial class DatabaseInitializer(
    DatabaseMigrator migrator,
    SystemDbFactory systemDb,
    IPasswordHasher<User> hasher,
    IOptions<ServiceOptions> options,
    IOptions<DatabaseOptions> database,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<DatabaseInitializer> logger) : BackgroundService
{
    public const string DefaultAdminEmail = "admin@localhost";

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Whether start-up was refused for good (not retried).</summary>
    public bool Refused => _ready.Task.IsFaulted;

    public string? Error { get; private set; }

    /// <summary>Where the generated bootstrap credentials were written, when they were.</summary>
    public string? CredentialsFile { get; private set; }

    /// <summary>On PostgreSQL, whether the application role is subject to row-level security (not owner, superuser or BYPASSRLS).</summary>
    public bool? RowLevelSecurityEnforced { get; private set; }

    public Task WhenReady => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!database.Value.MigrateOnStart)
        {
            await FinishAsync(stoppingToken).ConfigureAwait(false);
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await migrator.MigrateAsync(stoppingToken).ConfigureAwait(false);
                await FinishAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                Error = ex.Message;
                LogRetry(logger, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task FinishAsync(CancellationToken cancellationToken)
    {
        await BootstrapAsync(cancellationToken).ConfigureAwait(false);
        if (database.Value.IsPostgres)
        {
            RowLevelSecurityEnforced = await CheckRowLevelSecurityAsync(cancellationToken).ConfigureAwait(false);
            if (RowLevelSecurityEnforced == false)
            {
                if (!database.Value.AllowRowLevelSecurityBypass)
                {
                    Error = "Refusing to start: the application's PostgreSQL connection can bypass row-level security (it owns the tables, is a superuser or has BYPASSRLS). "
                        + "Connect as a login role that is a member of factortrace_app and owns nothing (FactorTrace:Database:ConnectionString), keep the owner in OwnerConnectionString, "
                        + "or set FactorTrace:Database:AllowRowLevelSecurityBypass=true for a maintenance run.";
                    LogRlsRefused(logger, Error);
                    _ready.TrySetException(new InvalidOperationException(Error));
                    lifetime.StopApplication();
                    return;
                }

                LogRlsBypassed(logger);
            }
        }

        Error = null;
        _ready.TrySetResult();
    }

    private async Task BootstrapAsync(CancellationToken cancellationToken)
    {
        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            if (await db.Tenants.AnyAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var settings = options.Value;
            var email = (settings.Bootstrap.AdminEmail is { Length: > 0 } e ? e : DefaultAdminEmail).Trim().ToLowerInvariant();
            var password = settings.Bootstrap.AdminPassword;
            if (string.IsNullOrEmpty(password))
            {
                password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
                PrivateFiles.EnsureDirectory(settings.DataDirectory);
                CredentialsFile = Path.Combine(settings.DataDirectory, "bootstrap-admin.txt");
                SigningKeyStore.WritePrivate(CredentialsFile, $"email: {email}\npassword: {password}\n");
            }

            var now = time.GetUtcNow();
            var tenant = new Tenant { Id = Guid.CreateVersion7(now), Slug = "default", Name = "Default", CreatedAt = now.UtcDateTime };
            var admin = new User
            {
                Id = Guid.CreateVersion7(now),
                TenantId = tenant.Id,
                Email = email,
                Name = "Administrator",
                Role = Roles.Admin,
                PlatformAdmin = true,
                CreatedAt = now.UtcDateTime,
                SecurityStamp = Guid.NewGuid(),
            };
            admin.PasswordHash = Passwords.Hash(hasher, admin, password);
            db.Tenants.Add(tenant);
            db.Users.Add(admin);
            db.AuditEvents.Add(AuditLog.NewEvent(time, tenant.Id, "system", "tenant.bootstrap", "user", admin.Id.ToString(), null, $"Created tenant 'default' and admin {email}."));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            LogBootstrapped(logger, email, CredentialsFile ?? "FactorTrace:Bootstrap:AdminPassword");
        }
    }

    private async Task<bool> CheckRowLevelSecurityAsync(CancellationToken cancellationToken)
    {
        var db = DatabaseSetup.CreateContext(database.Value, owner: false, new TenantScope());
        await using (db.ConfigureAwait(false))
        {
            var bypass = await db.Database.SqlQueryRaw<bool>(
                "SELECT (r.rolsuper OR r.rolbypassrls OR pg_has_role(current_user, c.relowner, 'MEMBER')) AS \"Value\" " +
                "FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.relname = 'users' AND c.relnamespace = 'public'::regnamespace")
                .FirstAsync(cancellationToken).ConfigureAwait(false);
            return !bypass;
        }
    }

    [LoggerMessage(30, LogLevel.Warning, "Database not ready (attempt {Attempt}): {Reason}")]
    private static partial void LogRetry(ILogger logger, int attempt, string reason);

    [LoggerMessage(31, LogLevel.Warning, "Bootstrap: created tenant 'default' with admin {Email}; password in {Location}")]
    private static partial void LogBootstrapped(ILogger logger, string email, string location);

    [LoggerMessage(33, LogLevel.Critical, "{Reason}")]
    private static partial void LogRlsRefused(ILogger logger, string reason);

    [LoggerMessage(32, LogLevel.Warning, "PostgreSQL row-level security is NOT enforced: the application connects as the table owner, a superuser or a BYPASSRLS role. Use a login role that is a member of factortrace_app (FactorTrace:Database:ConnectionString) and keep the owner in OwnerConnectionString.")]
    private static partial void LogRlsBypassed(ILogger logger);
}
