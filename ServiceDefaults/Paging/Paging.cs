using System.Buffers.Text;
using System.Text;
using Alliance.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliance.ServiceDefaults.Paging;

/// <summary>A page of a list: its items and the cursor of the next page, or null on the last one.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// Keyset pagination as ARCHITECTURE.md gives it: <c>?limit</c> (default 20, at most 100) and
/// <c>?after</c>, an opaque cursor naming the last id of the previous page (ids are UUIDv7, so they sort by time).
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    private const string Prefix = "v1:";

    /// <summary>Reads the query's limit and cursor; a problem for a bad limit or an unknown cursor.</summary>
    public static ProblemHttpResult? Read(int? limit, string? after, out int take, out Guid? afterId)
    {
        take = limit ?? DefaultLimit;
        afterId = null;
        var errors = new FieldErrors();
        errors.Check(take is >= 1 and <= MaxLimit, "limit", "out_of_range");
        if (after is not null)
        {
            afterId = Decode(after);
            errors.Check(afterId is not null, "after", "unknown_cursor");
        }

        return errors.IsEmpty ? null : ApiProblems.Validation(errors);
    }

    /// <summary>The page from up to <c>take + 1</c> rows, read in id order.</summary>
    public static Page<TOut> Of<TIn, TOut>(IReadOnlyList<TIn> rows, int take, Func<TIn, Guid> key, Func<TIn, TOut> map) =>
        new(rows.Take(take).Select(map).ToList(), rows.Count > take ? Encode(key(rows[take - 1])) : null);

    /// <summary>The page of <paramref name="items"/> in id order, when the source itself said whether more follow (another service's page).</summary>
    public static Page<TOut> Of<TIn, TOut>(IReadOnlyList<TIn> items, bool more, Func<TIn, Guid> key, Func<TIn, TOut> map) =>
        new(items.Select(map).ToList(), more && items.Count > 0 ? Encode(key(items[^1])) : null);

    private static string Encode(Guid id) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + id.ToString("N")));

    private static Guid? Decode(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith(Prefix, StringComparison.Ordinal) && Guid.TryParseExact(text[Prefix.Length..], "N", out var id) ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
