using System.Security.Claims;
using System.Text.Json.Serialization;
using Alliance.Notifications.Data;
using Alliance.Notifications.Notices;
using Alliance.ServiceDefaults.Database;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Notifications.Preferences;

/// <summary>The caller's preferences for outside channels; every field is given on a change.</summary>
internal sealed record PreferencesView(bool? Sms, [property: JsonPropertyName("wechat")] bool? WeChat, IReadOnlyList<string>? MutedKinds, bool? QuietHours);

/// <summary>The caller's own preferences: channels on or off, kinds muted outside the app, quiet hours.</summary>
internal static class PreferencesApi
{
    public static IEndpointRouteBuilder MapPreferencesApi(this IEndpointRouteBuilder app)
    {
        var preferences = app.MapGroup("/notifications/preferences").WithTags("Notifications");

        preferences.MapGet("/", GetAsync)
            .WithName("GetMyNotificationPreferences")
            .WithSummary("The caller's preferences for SMS and WeChat: channels on, kinds muted outside the app, quiet hours (22:00–07:00 Asia/Shanghai). Defaults when none were saved.")
            .Access(AccessClass.SignedIn);

        preferences.MapPut("/", PutAsync)
            .WithName("SetMyNotificationPreferences")
            .WithSummary("Replaces the caller's preferences (every field given); an unknown kind is a validation failure and changes nothing.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);
        return app;
    }

    private static async Task<Ok<PreferencesView>> GetAsync(ClaimsPrincipal caller, NotificationsDbContext db, CancellationToken ct)
    {
        var me = caller.RequireAccountId();
        var saved = await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.PersonId == me, ct) ?? Preference.Defaults(me);
        return TypedResults.Ok(View(saved));
    }

    private static async Task<Results<Ok<PreferencesView>, ProblemHttpResult>> PutAsync(
        PreferencesView body, ClaimsPrincipal caller, NotificationsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Check(body.Sms is not null, "sms", "required");
        errors.Check(body.WeChat is not null, "wechat", "required");
        errors.Check(body.QuietHours is not null, "quietHours", "required");
        if (errors.Check(body.MutedKinds is not null, "mutedKinds", "required"))
        {
            errors.Check(body.MutedKinds!.All(NoticeKinds.All.Contains), "mutedKinds", "unknown_kind");
        }

        if (!errors.IsEmpty)
        {
            return ApiProblems.Validation(errors);
        }

        var me = caller.RequireAccountId();
        try
        {
            var saved = await SaveAsync(db, me, body, time.GetUtcNow(), ct);
            return TypedResults.Ok(View(saved));
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation("pk_preferences"))
        {
            // Two first saves at once: the other made the row; this one replaces what it saved.
            db.ChangeTracker.Clear();
            var saved = await SaveAsync(db, me, body, time.GetUtcNow(), ct);
            return TypedResults.Ok(View(saved));
        }
    }

    private static async Task<Preference> SaveAsync(NotificationsDbContext db, Guid me, PreferencesView body, DateTimeOffset now, CancellationToken ct)
    {
        var saved = await db.Preferences.FirstOrDefaultAsync(p => p.PersonId == me, ct);
        if (saved is null)
        {
            saved = Preference.Defaults(me);
            db.Preferences.Add(saved);
        }

        saved.Sms = body.Sms!.Value;
        saved.WeChat = body.WeChat!.Value;
        saved.QuietHours = body.QuietHours!.Value;
        saved.MutedKinds = [.. body.MutedKinds!.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        saved.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return saved;
    }

    private static PreferencesView View(Preference p) => new(p.Sms, p.WeChat, p.MutedKinds, p.QuietHours);
}
