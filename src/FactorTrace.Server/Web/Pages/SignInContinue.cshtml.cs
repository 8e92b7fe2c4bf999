using FactorTrace.Server.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactorTrace.Server.Web.Pages;

/// <summary>
/// The step after single sign-on: a page of this site that moves on by itself, so the navigation to the target is same-site
/// and carries the SameSite=Strict session cookie (a redirect chain begun at the issuer would not).
/// </summary>
internal sealed class SignInContinueModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string Target => BrowserSso.LocalOrHome(ReturnUrl);
}
