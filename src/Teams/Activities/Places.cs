using Alliance.Contracts.Teams;
using Alliance.Messaging.Outbox;
using Alliance.Teams.Data;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Teams.Activities;

internal static class Places
{
    /// <summary>
    /// Ends a sign-up of the locked <paramref name="activity"/>; a confirmed place it held goes to the
    /// first on the waitlist (<see cref="ActivitySignUpPromoted"/>). Returns who was promoted, if anyone. Does not save.
    /// </summary>
    public static async Task<Guid?> GiveUpAsync(this TeamsDbContext db, Activity activity, SignUp signUp, DateTimeOffset now, CancellationToken ct)
    {
        if (!signUp.Cancel())
        {
            return null;
        }

        var first = await db.SignUps.Where(s => s.ActivityId == activity.Id && s.Status == SignUpStatus.Waitlisted).OrderBy(s => s.Position).FirstOrDefaultAsync(ct);
        activity.Release(first, now);
        if (first is null)
        {
            return null;
        }

        db.Publish(new ActivitySignUpPromoted(Guid.CreateVersion7(now), now, null, activity.Id, activity.TeamId, first.VolunteerId));
        return first.VolunteerId;
    }
}
