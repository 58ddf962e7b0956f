using System.Buffers.Text;
using System.Text;

namespace Alliance.Notifications.Inbox;

/// <summary>
/// Where a page of the inbox ended. The inbox reads unread first, then read, each newest first, so the
/// key is (read, id), not the id alone as <see cref="ServiceDefaults.Paging.Paging"/> has it. Opaque to callers.
/// </summary>
internal sealed record InboxCursor(bool Read, Guid Id)
{
    private const string Prefix = "n1:";

    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Prefix}{(Read ? 'r' : 'u')}:{Id:N}"));

    public static InboxCursor? Decode(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length != Prefix.Length + 2 + 32 || text[Prefix.Length + 1] != ':')
            {
                return null;
            }

            var read = text[Prefix.Length] switch
            {
                'r' => true,
                'u' => false,
                _ => (bool?)null,
            };
            return read is { } r && Guid.TryParseExact(text[(Prefix.Length + 2)..], "N", out var id) ? new InboxCursor(r, id) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
