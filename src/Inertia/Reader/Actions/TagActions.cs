using Inertia.Reader.Auth;
using Inertia.Reader.Localization;
using Inertia.Storage;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;

namespace Inertia.Reader.Actions;

/// <summary>
/// Tagging entries, and renaming and deleting tags. Plain form posts that go back where they came from (a message when
/// a name is refused); a script gets JSON. Every change is scoped to the signed-in user.
/// </summary>
public static class TagActions
{
    public static void MapTagActions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").RequireAuthorization().AddEndpointFilter<RequireAntiforgery>().DisableAntiforgery();
        group.MapPost("/reader/entries/{id:long}/tags", Add);
        group.MapPost("/reader/entries/{id:long}/tags/remove", Remove);
        group.MapPost("/reader/tags/{id:long}/rename", Rename);
        group.MapPost("/reader/tags/{id:long}/delete", Delete);
    }

    /// <summary>Adds the tags named in "name" (comma-separated, so "a, b" adds two) to the entry; all or none.</summary>
    private static async Task<IResult> Add(long id, HttpContext context, TagStore tags, IStringLocalizer<ReaderText> L)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userId = context.User.UserId();
        var names = form["name"].ToString().Split(',');
        try
        {
            // Every name is checked before any is added.
            var clean = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(TagStore.CleanName).ToList();
            if (clean.Count == 0) TagStore.CleanName(""); // throws: a name is needed
            foreach (var name in clean)
                if (await tags.AddAsync(userId, id, name, context.RequestAborted) is null) return Results.NotFound();
        }
        catch (InvalidTagNameException e)
        {
            return Refused(context, form, Describe(e, L), $"/reader/entries/{id}");
        }
        return InPlace.Done(context, form, await StateAsync(userId, id, tags, context.RequestAborted), $"/reader/entries/{id}");
    }

    private static async Task<IResult> Remove(long id, HttpContext context, TagStore tags)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userId = context.User.UserId();
        if (InPlace.Id(form, "tag") is not { } tagId) return Results.BadRequest();
        await tags.RemoveAsync(userId, id, tagId, context.RequestAborted);
        return InPlace.Done(context, form, await StateAsync(userId, id, tags, context.RequestAborted), $"/reader/entries/{id}");
    }

    private static async Task<IResult> Rename(long id, HttpContext context, TagStore tags, IStringLocalizer<ReaderText> L)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userId = context.User.UserId();
        var back = $"/reader/tags/{id}";
        try
        {
            if (!await tags.RenameAsync(userId, id, form["name"].ToString(), context.RequestAborted)) return Results.NotFound();
        }
        catch (InvalidTagNameException e)
        {
            return Refused(context, form, Describe(e, L), back);
        }
        catch (DuplicateException)
        {
            return Refused(context, form, L["You already have a tag with that name."], back);
        }
        Flash(context, "Flash", L["Tag renamed."]);
        return InPlace.Done(context, form, new { ok = true, id }, back);
    }

    private static async Task<IResult> Delete(long id, HttpContext context, TagStore tags, IStringLocalizer<ReaderText> L)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!await tags.DeleteAsync(context.User.UserId(), id, context.RequestAborted)) return Results.NotFound();
        Flash(context, "Flash", L["Tag deleted."]);
        // The form's returnUrl is the tag's own page, which is gone now.
        return InPlace.WantsJson(context.Request) ? Results.Json(new { ok = true, id }) : Results.Redirect("/reader");
    }

    private static async Task<object> StateAsync(long userId, long entryId, TagStore tags, CancellationToken ct) => new
    {
        ok = true,
        id = entryId,
        tags = ((await tags.OfEntriesAsync(userId, [entryId], ct)).GetValueOrDefault(entryId) ?? []).Select(t => new { id = t.Id, name = t.Name }),
    };

    private static IResult Refused(HttpContext context, IFormCollection form, string message, string fallback)
    {
        if (InPlace.WantsJson(context.Request)) return Results.Json(new { ok = false, error = message }, statusCode: StatusCodes.Status400BadRequest);
        Flash(context, "FlashError", message);
        return InPlace.Done(context, form, new { }, fallback);
    }

    private static void Flash(HttpContext context, string key, string message)
    {
        if (InPlace.WantsJson(context.Request)) return;
        var tempData = context.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context);
        tempData[key] = message;
        tempData.Save();
    }

    private static string Describe(InvalidTagNameException e, IStringLocalizer<ReaderText> L) => e.Problem switch
    {
        TagNameProblem.TooLong => L["A tag can have at most {0} characters.", TagStore.MaxNameLength],
        TagNameProblem.ControlCharacter => L["A tag cannot contain control characters."],
        TagNameProblem.Comma => L["A tag cannot contain a comma."],
        _ => L["A tag needs a name."],
    };
}
