using FactorTrace.Import;
using FactorTrace.Import.Storage;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactorTrace.Server.Web.Pages.Imports;

/// <summary>What the import pages share: the caller's tenant, the editor check of every POST, and a browser upload staged.</summary>
internal static class ImportPages
{
    /// <summary>The largest request a page upload accepts (the importer's default limit plus the form's framing); the importer checks its own limit while staging.</summary>
    public const long MaxRequestBytes = (256L * 1024 * 1024) + (1024 * 1024);

    public static TenantContext Tenant(PageModel page) => page.HttpContext.Features.Get<TenantContext>()
        ?? throw new InvalidOperationException("A signed-in page request has a tenant context.");

    /// <summary>Null when the caller may change imports (the API's editor policy); else the answer refusing the POST.</summary>
    public static async Task<IActionResult?> RefuseUnlessEditorAsync(PageModel page, IAuthorizationService authorization)
    {
        if ((await authorization.AuthorizeAsync(page.User, Policies.Editor)).Succeeded)
        {
            return null;
        }

        return new RedirectResult("/forbidden?needs=" + Uri.EscapeDataString("Importing needs the role 'editor' or 'admin'."));
    }

    /// <summary>A browser's file streamed into the importer's staging folder (hashed and size-checked there, as an API upload is).</summary>
    public static async Task<StagedFile> StageAsync(ImportService imports, IFormFile file, CancellationToken cancellationToken)
    {
        var stream = file.OpenReadStream();
        await using (stream.ConfigureAwait(false))
        {
            return await imports.ReceiveAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A refusal of the importer in words, for the page (the API sends the same message as problem details).</summary>
    public static string Words(ImportException ex) => ex.Message;
}
