using Microsoft.AspNetCore.Antiforgery;

namespace Inertia.Reader.Actions;

/// <summary>
/// Validates the antiforgery token (form field or RequestVerificationToken header) before a state-changing endpoint
/// runs. Explicit, because minimal endpoints that read the form themselves get no automatic check.
/// </summary>
public sealed class RequireAntiforgery(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context.HttpContext);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token.");
        }
        return await next(context);
    }
}
