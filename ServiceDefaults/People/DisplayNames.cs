using System.Globalization;
using Alliance.Contracts.Identity;
using Alliance.ServiceDefaults.Problems;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alliance.ServiceDefaults.People;

/// <summary>
/// The names a list of people shows, asked of Identity a page at a time (<c>GetDisplayNames</c>) and
/// kept for <see cref="DisplayNamesOptions.NamesCacheFor"/>. Events carry ids only, so a name is always read
/// when it is shown. A slow or absent Identity costs the names, never the list: a name it did not give
/// is null.
/// </summary>
public sealed class DisplayNames(
    GrpcClientFactory clients, IMemoryCache cache, IOptions<DisplayNamesOptions> options, ILogger<DisplayNames> logger)
{
    /// <summary>The name of the gRPC client (see <see cref="DisplayNamesExtensions.AddDisplayNames"/>).</summary>
    public const string ClientName = "display-names";

    /// <summary>Identity answers at most this many ids a call.</summary>
    public const int PageSize = 500;

    /// <summary>Short: a list is worth showing without its names rather than late.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);

    /// <summary>The names of these people, from the cache where it has them and from Identity in pages of <see cref="PageSize"/>.</summary>
    public async Task<NameBook> ForAsync(IEnumerable<Guid> accountIds, CancellationToken ct)
    {
        var names = new Dictionary<Guid, PersonName>();
        var missing = new List<Guid>();
        foreach (var id in accountIds.Where(id => id != Guid.Empty).Distinct())
        {
            if (cache.TryGetValue(Key(id), out PersonName? known) && known is not null)
            {
                names[id] = known;
            }
            else
            {
                missing.Add(id);
            }
        }

        var identity = clients.CreateClient<IdentityService.IdentityServiceClient>(ClientName);
        foreach (var page in missing.Chunk(PageSize))
        {
            var request = new GetDisplayNamesRequest();
            request.AccountIds.AddRange(page.Select(id => id.ToString()));
            try
            {
                var reply = await identity.GetDisplayNamesAsync(request, cancellationToken: ct);
                foreach (var name in reply.Names)
                {
                    var id = Guid.Parse(name.AccountId);
                    names[id] = name;
                    cache.Set(Key(id), name, options.Value.NamesCacheFor);
                }
            }
            catch (Exception ex) when (ex is RpcException or HttpRequestException && !ct.IsCancellationRequested)
            {
                logger.LogWarning("Identity gave no display names for {Count} people: {Error}", page.Length, ex.Message);
            }
        }

        return new NameBook(names);
    }

    /// <summary>
    /// Accounts whose display name starts with <paramref name="prefix"/>, at most <paramref name="limit"/>
    /// (Identity's <c>SearchDisplayNames</c>); null when Identity did not answer, so the caller can say "try again".
    /// </summary>
    public async Task<IReadOnlyList<Guid>?> SearchAsync(string prefix, int limit, CancellationToken ct)
    {
        var identity = clients.CreateClient<IdentityService.IdentityServiceClient>(ClientName);
        try
        {
            var reply = await identity.SearchDisplayNamesAsync(new SearchDisplayNamesRequest { Prefix = prefix, Limit = limit }, cancellationToken: ct);
            return [.. reply.AccountIds.Select(Guid.Parse)];
        }
        catch (Exception ex) when (ex is RpcException or HttpRequestException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Identity did not search display names: {Error}", ex.Message);
            return null;
        }
    }

    private static string Key(Guid id) => $"display-name:{id}";
}

/// <summary>The names of a page of people, in the language of the request being answered.</summary>
public sealed class NameBook(IReadOnlyDictionary<Guid, PersonName> names)
{
    public static NameBook Empty { get; } = new(new Dictionary<Guid, PersonName>());

    /// <summary>Shown for a person who erased their personal data, in place of any name they had.</summary>
    public static string ErasedName => English ? "deleted" : "已注销";

    /// <summary>Shown on leaderboards and stars for a person who chose to appear there anonymously.</summary>
    public static string AnonymousName => English ? "anonymous volunteer" : "匿名志愿者";

    /// <summary>The display name; <see cref="ErasedName"/> for an erased person; null when Identity did not give one.</summary>
    public string? NameOf(Guid? id) =>
        id is { } known && names.TryGetValue(known, out var name) ? name.Erased ? ErasedName : name.DisplayName : null;

    /// <summary>As <see cref="NameOf"/>, but <see cref="AnonymousName"/> for a person who chose not to be named on leaderboards.</summary>
    public string? LeaderboardNameOf(Guid? id) =>
        id is { } known && names.TryGetValue(known, out var name) && name is { Erased: false, AnonymousOnLeaderboards: true }
            ? AnonymousName
            : NameOf(id);

    /// <summary>Whether Identity says this person erased their personal data.</summary>
    public bool IsErased(Guid id) => names.TryGetValue(id, out var name) && name.Erased;

    private static bool English => ProblemLanguage.IsEnglish(CultureInfo.CurrentUICulture);
}

public sealed class DisplayNamesOptions
{
    /// <summary>How long a name is kept before Identity is asked again (<c>People:NamesCacheFor</c>); an edit shows within it.</summary>
    public TimeSpan NamesCacheFor { get; set; } = TimeSpan.FromSeconds(60);
}

public static class DisplayNamesExtensions
{
    /// <summary>
    /// <see cref="DisplayNames"/> for an app that lists people: its own client of Identity's internal gRPC
    /// API with a short deadline (<see cref="DisplayNames.Deadline"/>, <c>Grpc:Deadlines:identity</c> over it)
    /// and a memory cache of the answers.
    /// </summary>
    public static IHostApplicationBuilder AddDisplayNames(this IHostApplicationBuilder builder)
    {
        builder.AddInternalGrpcClient<IdentityService.IdentityServiceClient>(
            DisplayNames.ClientName,
            "identity",
            DisplayNames.Deadline,
            ("alliance.identity.v1.IdentityService", "GetDisplayNames"),
            ("alliance.identity.v1.IdentityService", "SearchDisplayNames"));
        builder.Services.AddMemoryCache();
        builder.Services.Configure<DisplayNamesOptions>(builder.Configuration.GetSection("People"));
        builder.Services.AddSingleton<DisplayNames>();
        return builder;
    }
}
