using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.ServiceDefaults.Problems;

/// <summary>Typed problem results for endpoints: a status, a stable code, and words for people.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Problem(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Extensions = { ["code"] = code },
        });

    /// <summary>400 with <c>errors: { field: [rule codes] }</c>.</summary>
    public static ProblemHttpResult Validation(FieldErrors errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more fields break a rule.",
            Extensions = { ["code"] = ErrorCodes.ValidationFailed },
        });

    public static ProblemHttpResult NotFound(string code, string title) => Problem(StatusCodes.Status404NotFound, code, title);

    public static ProblemHttpResult Conflict(string code, string title, string? detail = null) =>
        Problem(StatusCodes.Status409Conflict, code, title, detail);

    public static ProblemHttpResult Unprocessable(string code, string title, string? detail = null) =>
        Problem(StatusCodes.Status422UnprocessableEntity, code, title, detail);

    public static ProblemHttpResult Unavailable(string code, string title, string? detail = null) =>
        Problem(StatusCodes.Status503ServiceUnavailable, code, title, detail);
}
