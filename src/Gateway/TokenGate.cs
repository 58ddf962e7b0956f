using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Alliance.Gateway;

/// <summary>
/// A request with a bad token (expired, another issuer or audience, unsigned, tampered) is refused
/// here with 401 <c>invalid_token</c> and never reaches a service. A request without a token passes:
/// the service decides, since sign-up and the token endpoint are anonymous. A good token goes on unchanged.
/// </summary>
internal static partial class TokenGate
{
    public static WebApplication UseTokenGate(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TokenGate));
        var problems = app.Services.GetRequiredService<IProblemDetailsService>();
        var bearer = app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>();
        app.Use(async (context, next) =>
        {
            var failure = (await context.AuthenticateAsync(Schemes.Public)).Failure;
            if (failure is null)
            {
                await next(context);
            }
            else if (failure is SecurityTokenSignatureKeyNotFoundException && !await KeysAvailableAsync(bearer.Get(Schemes.Public), logger, context.RequestAborted))
            {
                // Not the token's fault: a 401 would make an app throw away a good token and log its user out.
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "5";
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = ApiProblems.Details(StatusCodes.Status503ServiceUnavailable, ErrorCodes.IdentityUnavailable,
                        "Tokens cannot be checked right now; retry later."),
                });
            }
            else
            {
                // The scheme's challenge writes the 401 problem with code invalid_token.
                await context.ChallengeAsync(Schemes.Public);
            }
        });
        return app;
    }

    /// <summary>Whether Identity's signing keys are known; JWT bearer reports keys it could not fetch as no keys at all.</summary>
    private static async Task<bool> KeysAvailableAsync(JwtBearerOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return options.ConfigurationManager is null
                || (await options.ConfigurationManager.GetConfigurationAsync(cancellationToken)).SigningKeys.Count > 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException)
        {
            LogKeysUnavailable(logger, ex);
            return false;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Identity's signing keys could not be fetched: a request with a token gets 503")]
    private static partial void LogKeysUnavailable(ILogger logger, Exception exception);
}
