using FactorTrace.Data;
using FactorTrace.Data.Identity;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactorTrace.Server.Web.Pages.Admin;

/// <summary>The platform's tenants: list and create one with its first admin (platform administrators only, as in the API).</summary>
[Authorize(Policy = Policies.Platform)]
internal sealed class TenantsModel(SystemDbFactory systemDb, IPasswordHasher<User> hasher, TimeProvider time) : PageModel
{
    public IReadOnlyList<TenantView> Tenants { get; private set; } = [];

    public FieldProblem? Problem { get; private set; }

    public string? Done { get; private set; }

    public string Slug { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string AdminEmail { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken) => Tenants = (await TenantEndpoints.ListTenantsAsync(systemDb, cancellationToken)).Value!;

    public async Task<IActionResult> OnPostAsync(string? slug, string? name, [FromForm(Name = "admin_email")] string? adminEmail, [FromForm(Name = "admin_password")] string? adminPassword,
        CancellationToken cancellationToken)
    {
        (Slug, Name, AdminEmail) = (slug ?? "", name ?? "", adminEmail ?? "");
        var result = await TenantEndpoints.CreateTenantFromAsync(
            new CreateTenantRequest { Slug = slug, Name = string.IsNullOrWhiteSpace(name) ? null : name, AdminEmail = adminEmail, AdminPassword = adminPassword },
            HttpContext, HttpContext.Features.Get<TenantContext>()!, systemDb, hasher, time, cancellationToken);
        if (result.Result is ProblemHttpResult problem)
        {
            Problem = FieldProblem.Of(problem);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            Done = $"Tenant '{slug}' created with its admin {adminEmail?.Trim().ToLowerInvariant()}.";
            (Slug, Name, AdminEmail) = ("", "", "");
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }
}
