using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Alliance.ServiceDefaults.Grpc;

/// <summary>
/// When a callee refuses this service's token (Unauthenticated), drops the held token and tries the
/// call once more with a fresh one: after Identity's signing key changes, internal calls recover at
/// once instead of failing until the old token expires.
/// </summary>
internal sealed class ServiceTokenRetryInterceptor(ServiceTokens tokens) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(
            WithOneRetryAsync(call, request, context, continuation), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private async Task<TResponse> WithOneRetryAsync<TRequest, TResponse>(
        AsyncUnaryCall<TResponse> call, TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        try
        {
            return await call.ResponseAsync;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            tokens.Invalidate();
            using var retry = continuation(request, context);
            return await retry.ResponseAsync;
        }
    }
}
