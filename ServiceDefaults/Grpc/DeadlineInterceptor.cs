using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Alliance.ServiceDefaults.Grpc;

/// <summary>Gives every unary call a deadline, unless the caller set one, so no call can hang.</summary>
internal sealed class DeadlineInterceptor(TimeSpan deadline) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (context.Options.Deadline is null)
        {
            context = new ClientInterceptorContext<TRequest, TResponse>(
                context.Method, context.Host, context.Options.WithDeadline(DateTime.UtcNow + deadline));
        }

        return continuation(request, context);
    }
}
