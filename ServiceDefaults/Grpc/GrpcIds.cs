using Grpc.Core;

namespace Alliance.ServiceDefaults.Grpc;

public static class GrpcIds
{
    /// <summary>Reads a UUID field of a request, or fails the call with INVALID_ARGUMENT naming the field.</summary>
    public static Guid Parse(string value, string field) =>
        Guid.TryParse(value, out var id)
            ? id
            : throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field} is not a UUID."));
}
