using Alliance.ServiceDefaults.Problems;
using Yarp.ReverseProxy.Forwarder;

namespace Alliance.Gateway;

/// <summary>
/// When the proxy could not get an answer from a service, YARP sets the status with no body and
/// records why; the problem written for it then says why, with its own code: 503
/// <c>service_unavailable</c> when the service has no instance to take it, 502 <c>bad_gateway</c>
/// when it could not be reached or broke off, 504 <c>gateway_timeout</c> when it stayed silent.
/// </summary>
internal static class UpstreamProblems
{
    public static void AddUpstreamProblems(this IHostApplicationBuilder builder) =>
        builder.Services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var translate = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                Explain(context);
                translate?.Invoke(context);
            };
        });

    private static void Explain(ProblemDetailsContext context)
    {
        var error = context.HttpContext.Features.Get<IForwarderErrorFeature>()?.Error ?? ForwarderError.None;
        switch (error, context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode)
        {
            case (ForwarderError.None, _):
                break;
            case (ForwarderError.NoAvailableDestinations, _):
                Describe(context, ErrorCodes.ServiceUnavailable, "The service is unavailable; retry later.", "No instance of the service is up to take the request.");
                break;
            case (ForwarderError.RequestTimedOut, _) or (_, StatusCodes.Status504GatewayTimeout):
                Describe(context, ErrorCodes.GatewayTimeout, "The service did not answer in time.");
                break;
            case (_, StatusCodes.Status502BadGateway):
                Describe(context, ErrorCodes.BadGateway, "The service could not be reached, or broke off its answer; retry later.");
                break;
        }
    }

    private static void Describe(ProblemDetailsContext context, string code, ProblemText title, ProblemText? detail = null)
    {
        var problem = context.ProblemDetails;
        var described = ApiProblems.Details(problem.Status ?? context.HttpContext.Response.StatusCode, code, title, detail);
        problem.Title = described.Title;
        problem.Detail = described.Detail;
        foreach (var (key, value) in described.Extensions)
        {
            problem.Extensions[key] = value;
        }
    }
}
