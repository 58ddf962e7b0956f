using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.ServiceDefaults.Problems;

/// <summary>
/// Typed problem results for endpoints: a status, a stable code, and words for people, which the
/// problem pipeline answers in the request's language (<see cref="ProblemLanguage"/>).
/// </summary>
public static class ApiProblems
{
    public static ProblemHttpResult Problem(int status, string code, ProblemText title, ProblemText? detail = null) =>
        TypedResults.Problem(Details(status, code, title, detail));

    /// <summary>400 with <c>errors: { field: [rule codes] }</c>.</summary>
    public static ProblemHttpResult Validation(FieldErrors errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more fields break a rule.",
            Extensions = { ["code"] = ErrorCodes.ValidationFailed },
        });

    public static ProblemHttpResult NotFound(string code, ProblemText title) => Problem(StatusCodes.Status404NotFound, code, title);

    public static ProblemHttpResult Conflict(string code, ProblemText title, ProblemText? detail = null) =>
        Problem(StatusCodes.Status409Conflict, code, title, detail);

    public static ProblemHttpResult Unprocessable(string code, ProblemText title, ProblemText? detail = null) =>
        Problem(StatusCodes.Status422UnprocessableEntity, code, title, detail);

    public static ProblemHttpResult Unavailable(string code, ProblemText title, ProblemText? detail = null) =>
        Problem(StatusCodes.Status503ServiceUnavailable, code, title, detail);

    /// <summary>
    /// The problem itself, for a writer that hands it to <see cref="IProblemDetailsService"/>: the
    /// English words are in place, and the texts ride along until the pipeline translates them.
    /// </summary>
    public static ProblemDetails Details(int status, string code, ProblemText title, ProblemText? detail = null) => new()
    {
        Status = status,
        Title = title.ToString(ProblemLanguage.English),
        Detail = detail?.ToString(ProblemLanguage.English),
        Extensions =
        {
            ["code"] = code,
            [ProblemLanguage.TextsKey] = new ProblemTexts(title, detail),
        },
    };
}
