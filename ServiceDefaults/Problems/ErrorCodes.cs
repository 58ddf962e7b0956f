namespace Alliance.ServiceDefaults.Problems;

/// <summary>The stable codes of errors that are not any one service's rule.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string MalformedRequest = "malformed_request";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string PayloadTooLarge = "payload_too_large";
    public const string RateLimited = "rate_limited";
    public const string Unauthorized = "unauthorized";
    public const string TokenRequired = "token_required";
    public const string InvalidToken = "invalid_token";
    public const string Forbidden = "forbidden";
    public const string PersonRequired = "person_required";
    /// <summary>503: the service's own database is away (an outage, not the start-up).</summary>
    public const string DatabaseUnavailable = "database_unavailable";

    /// <summary>503: the service is up but has not migrated its database yet.</summary>
    public const string ServiceStarting = "service_starting";

    /// <summary>503 with no more precise cause: from the gateway, a service with no instance to take the request.</summary>
    public const string ServiceUnavailable = "service_unavailable";
    public const string IdentityUnavailable = "identity_unavailable";
    public const string InternalError = "internal_error";

    /// <summary>A refusal of a status that has no code of its own (406, 408, ...).</summary>
    public const string RequestFailed = "request_failed";

    /// <summary>503: a race or a fault on the way left nothing done that a retry would double; send the same request, with the same Idempotency-Key, again.</summary>
    public const string TryAgain = "try_again";
    public const string BadGateway = "bad_gateway";
    public const string GatewayTimeout = "gateway_timeout";

    public static string ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        502 => BadGateway,
        // A bare 503 says nothing of its cause; the writers of the known ones give their own code.
        503 => ServiceUnavailable,
        504 => GatewayTimeout,
        _ => status >= 500 ? InternalError : RequestFailed,
    };
}
