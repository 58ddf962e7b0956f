using System.Collections.Concurrent;
using System.Text.Json;

namespace Alliance.Messaging.Outbox;

/// <summary>How an outbox row names its event's type and body, and finds them again.</summary>
internal static class MessageTypes
{
    private static readonly ConcurrentDictionary<string, Type> Types = new(StringComparer.Ordinal);

    public static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>The type's full name and assembly, without a version, so a rebuild still reads old rows.</summary>
    public static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type Resolve(string name) => Types.GetOrAdd(name, static n =>
        Type.GetType(n, throwOnError: false) ?? throw new Faults.PermanentMessageException($"The outbox names an unknown event type '{n}'."));
}
