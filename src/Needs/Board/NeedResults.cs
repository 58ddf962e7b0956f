using Alliance.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Needs.Board;

/// <summary>The answers every need endpoint shares.</summary>
internal static class NeedResults
{
    public static ProblemHttpResult NotFound() => ApiProblems.NotFound(NeedCodes.NeedNotFound, "No need has this id.");

    public static ProblemHttpResult Refused(NeedRefusal refusal) => ApiProblems.Problem(refusal.Status, refusal.Code, refusal.Title, refusal.Detail);

    public static ProblemHttpResult Forbidden(string code, string title) => ApiProblems.Problem(StatusCodes.Status403Forbidden, code, title);

    /// <summary>Another change to the need won the race (PostgreSQL's xmin): answer 409 with the step's own code.</summary>
    public static ProblemHttpResult Changed(string code) => ApiProblems.Conflict(code, "The need changed while this was being done; read it again.");

    /// <summary>Saves; false when another change to the need was saved first, and then nothing of this one is.</summary>
    public static async Task<bool> TrySaveAsync(DbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
