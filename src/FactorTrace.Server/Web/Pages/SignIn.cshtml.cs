using FactorTrace.Server.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactorTrace.Server.Web.Pages;

/// <summary>Password sign-in through the API's own rule (<see cref="SignInService"/>: lockout, audit), then the session cookie.</summary>
internal sealed class SignInModel(SignInService signIn, Microsoft.Extensions.Options.IOptions<Hosting.ServiceOptions> options) : PageModel
{
    /// <summary>The issuer's name for the single sign-on link, when browser sign-in through it is configured.</summary>
    public string? SingleSignOn => options.Value.Auth.Oidc.BrowserSignIn ? options.Value.Auth.Oidc.DisplayName : null;

    /// <summary>Why the last single sign-on did not work, in words (from the redirect back here).</summary>
    [BindProperty(SupportsGet = true)]
    public string? SsoError { get; set; }

    public string SsoHref => BrowserSso.StartPath + "?returnUrl=" + Uri.EscapeDataString(BrowserSso.LocalOrHome(ReturnUrl));

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Tenant { get; set; }

    public string? Error { get; private set; }

    public void OnGet() => Error = SsoError;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            Error = "Enter your e-mail and password.";
            return Page();
        }

        var result = await signIn.SignInAsync(HttpContext, Email, Password, Tenant, cancellationToken);
        switch (result.Result)
        {
            case Ok<TokenResponse> ok:
                WebSession.Start(HttpContext, ok.Value!.AccessToken, ok.Value.ExpiresIn);
                return LocalRedirect(ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) && !url.StartsWith("/sign-in", StringComparison.Ordinal) ? url : "/");
            case ProblemHttpResult problem:
                Response.StatusCode = problem.StatusCode;
                Error = problem.ProblemDetails.Detail ?? "Sign-in failed.";
                return Page();
            default:
                Error = "Sign-in failed.";
                return Page();
        }
    }
}
