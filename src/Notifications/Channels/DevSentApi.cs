using Alliance.Notifications.Data;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Notifications.Channels;

internal sealed record DevSentView(string To, string Channel, string Text, DateTimeOffset At);

internal sealed record DevSentList(IReadOnlyList<DevSentView> Items);

/// <summary>
/// What the development SMS channel would have sent to a mobile. Mapped only when
/// <c>Notifications:Channels:Sms:Kind</c> is <c>development</c> (the AppHost's setting, never the
/// stack's): elsewhere the route does not exist. Any signed-in caller may read it, for any mobile: in
/// a development setup the texts are test data, and an end-to-end test reads a resident's messages as itself.
/// </summary>
internal static class DevSentApi
{
    /// <summary>The newest this many.</summary>
    public const int Limit = 50;

    public static IEndpointRouteBuilder MapDevSentApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/notifications/dev/sent", ListAsync)
            .WithTags("Notifications")
            .WithName("ListDevelopmentSent")
            .WithSummary("Development setups only (Notifications:Channels:Sms:Kind=development): the newest 50 messages the development channels would have sent to ?to= (a mobile), newest first.")
            .Access(AccessClass.SignedIn)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);
        return app;
    }

    private static async Task<Results<Ok<DevSentList>, ProblemHttpResult>> ListAsync(string? to, NotificationsDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!errors.Check(!string.IsNullOrWhiteSpace(to), "to", "required"))
        {
            return ApiProblems.Validation(errors);
        }

        var rows = await db.DevSent.AsNoTracking().Where(s => s.To == to).OrderByDescending(s => s.Id).Take(Limit)
            .Select(s => new DevSentView(s.To, s.Channel, s.Text, s.At)).ToListAsync(ct);
        return TypedResults.Ok(new DevSentList(rows));
    }
}
