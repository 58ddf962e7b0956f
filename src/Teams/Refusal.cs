using Alliance.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliance.Teams;

/// <summary>A domain rule's "no": the status of ARCHITECTURE.md's table, a stable code, and words for people.</summary>
internal sealed record Refusal(int Status, string Code, ProblemText Title, ProblemText? Detail = null)
{
    public static Refusal Forbidden(string code, ProblemText title) => new(StatusCodes.Status403Forbidden, code, title);

    public static Refusal Conflict(string code, ProblemText title, ProblemText? detail = null) => new(StatusCodes.Status409Conflict, code, title, detail);

    public static Refusal Unprocessable(string code, ProblemText title, ProblemText? detail = null) => new(StatusCodes.Status422UnprocessableEntity, code, title, detail);

    public ProblemHttpResult Problem() => ApiProblems.Problem(Status, Code, Title, Detail);
}
