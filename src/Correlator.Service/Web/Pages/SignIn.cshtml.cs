using System.Security.Claims;
using Correlator.Service.Security;
using Correlator.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Correlator.Service.Web.Pages;

/// <summary>Sign-in with a local account; every attempt, good or bad, goes to the audit log with the name tried.</summary>
[AllowAnonymous]
public sealed class SignInModel(AccountService accounts, SqliteStore store, TimeProvider clock) : PageModel
{
    public string? Error { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var name = (Name ?? "").Trim();
        var role = name.Length == 0 || string.IsNullOrEmpty(Password) ? null : await accounts.CheckAsync(name, Password, cancellationToken);
        await store.AppendAuditAsync(clock.GetUtcNow(), name.Length == 0 ? "anonymous" : name, "sign-in", "/signin",
            role is null ? "refused" : "ok", cancellationToken);
        if (role is null)
        {
            Error = "The name or the password is wrong.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), new Claim("auth", "session")],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/incidents");
    }
}
