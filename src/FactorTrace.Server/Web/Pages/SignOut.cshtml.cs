using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactorTrace.Server.Web.Pages;

/// <summary>Ends the browser session (a POST with the anti-forgery token; a GET only offers the button).</summary>
internal sealed class SignOutModel : PageModel
{
    public IActionResult OnPost()
    {
        WebSession.End(HttpContext);
        return Redirect("/sign-in");
    }
}
