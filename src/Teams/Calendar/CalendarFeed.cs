using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Alliance.Teams.Calendar;

/// <summary>
/// A volunteer's iCalendar feed: calendar apps send no bearer token, so the address itself is the
/// key. Its token is 256 random bits, shown to the volunteer when it is issued and never again: only
/// its SHA-256 is kept, so the table alone opens no one's calendar. Rotating issues a new token, and
/// the old address is unknown from then on.
/// </summary>
internal sealed class CalendarFeed
{
    public const int TokenBytes = 32;

    private CalendarFeed()
    {
    }

    public Guid VolunteerId { get; private set; }

    public byte[] TokenHash { get; private set; } = [];

    public DateTimeOffset IssuedAt { get; private set; }

    /// <summary>A new feed for the volunteer, and its token (the only time it is known).</summary>
    public static (CalendarFeed Feed, string Token) Issue(Guid volunteerId, DateTimeOffset now)
    {
        var feed = new CalendarFeed { VolunteerId = volunteerId };
        return (feed, feed.Rotate(now));
    }

    /// <summary>Replaces the token: the old one opens nothing from now on. Returns the new one.</summary>
    public string Rotate(DateTimeOffset now)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        TokenHash = Hash(token);
        // Microseconds, as PostgreSQL keeps them: the issuing answer and later reads agree.
        IssuedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        return token;
    }

    /// <summary>The hash a token is looked up by; null for text that cannot be a token, which then matches nothing.</summary>
    public static byte[]? HashOf(string token) =>
        token.Length == Base64Url.GetEncodedLength(TokenBytes) && Base64Url.IsValid(token) ? Hash(token) : null;

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));

    /// <summary>The feed's path under the API's base (<c>/api</c> through the gateway).</summary>
    public static string PathOf(string token) => $"/teams/calendar/{token}.ics";
}
