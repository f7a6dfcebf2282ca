using Inertia.Reader.Display;

namespace Inertia.Reader.Actions;

/// <summary>
/// Actions answer a script (fetch with Accept: application/json) with JSON, and a plain form post with a redirect
/// back to where the form was, so every action works without JavaScript.
/// </summary>
public static class InPlace
{
    public static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The redirect target: the action URL's own returnUrl (one button's choice), else the form's.</summary>
    public static IResult Done(HttpContext context, IFormCollection form, object json, string fallback = "/reader") =>
        WantsJson(context.Request)
            ? Results.Json(json)
            : Results.Redirect(SafeUrl.Local(context.Request.Query["returnUrl"].FirstOrDefault() ?? form["returnUrl"], fallback),
                permanent: false, preserveMethod: false);

    public static bool Flag(IFormCollection form, string name) =>
        bool.TryParse(form[name], out var value) && value;

    public static long? Id(IFormCollection form, string name) =>
        long.TryParse(form[name], out var value) ? value : null;
}
