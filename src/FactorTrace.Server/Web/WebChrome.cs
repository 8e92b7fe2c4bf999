using FactorTrace.Data;
using FactorTrace.Server.Identity;
using Microsoft.EntityFrameworkCore;

namespace FactorTrace.Server.Web;

/// <summary>What every page shows about the signed-in caller: tenant name, e-mail and role, and what the role may do.</summary>
internal sealed class WebChrome(IHttpContextAccessor accessor, SystemDbFactory systemDb)
{
    private string? _tenantName;

    public Caller? Caller => accessor.HttpContext is { } http ? Caller.From(http.User) : null;

    public string? Email => accessor.HttpContext?.User.FindFirst(FtClaims.Email)?.Value;

    /// <summary>Whether the caller may create, change and delete records (the server checks again on every action).</summary>
    public bool CanEdit => Caller?.Role is Data.Identity.Roles.Admin or Data.Identity.Roles.Editor;

    public bool IsAdmin => Caller?.Role == Data.Identity.Roles.Admin;

    public async Task<string> TenantNameAsync(CancellationToken cancellationToken)
    {
        if (_tenantName is not null || Caller is not { } caller)
        {
            return _tenantName ?? "";
        }

        var db = systemDb.Create();
        await using (db.ConfigureAwait(false))
        {
            _tenantName = await db.Tenants.AsNoTracking().Where(t => t.Id == caller.TenantId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? "";
        }

        return _tenantName;
    }
}
