using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Alliance.Notifications.Push;

/// <summary>
/// The open streams of this replica, by person: the listener hands each new notification's id to
/// its recipient's streams here. In memory only; what a stream misses while it is closed it gets
/// back by <c>Last-Event-ID</c> or from the inbox.
/// </summary>
internal sealed class PushHub(IOptions<PushOptions> options)
{
    private readonly ConcurrentDictionary<Guid, ImmutableStreams> byPerson = new();
    private readonly Lock gate = new();
    private int open;

    public int Open => Volatile.Read(ref open);

    /// <summary>A stream for this person, or null when they (or this replica) already hold as many as allowed.</summary>
    public PushSubscription? Subscribe(Guid person)
    {
        var limits = options.Value;
        lock (gate)
        {
            var streams = byPerson.GetValueOrDefault(person, ImmutableStreams.Empty);
            if (streams.Count >= limits.MaxStreamsPerPerson || open >= limits.MaxStreams)
            {
                return null;
            }

            var channel = Channel.CreateBounded<Guid>(new BoundedChannelOptions(limits.StreamBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
            var subscription = new PushSubscription(this, person, channel);
            byPerson[person] = streams.Add(subscription);
            open++;
            return subscription;
        }
    }

    /// <summary>Hands a new notification's id to each open stream of its recipient.</summary>
    public void Publish(Guid person, Guid notification)
    {
        if (!byPerson.TryGetValue(person, out var streams))
        {
            return;
        }

        foreach (var stream in streams.Items)
        {
            // A stream that cannot keep up is closed rather than silently short of one: its client resumes from what it saw last.
            if (!stream.Channel.Writer.TryWrite(notification))
            {
                stream.Channel.Writer.TryComplete();
            }
        }
    }

    /// <summary>
    /// Closes every open stream: after the listener lost its connection, notifications made meanwhile
    /// never reached this replica, and each client gets them by reconnecting with <c>Last-Event-ID</c>.
    /// </summary>
    public void CloseAll()
    {
        foreach (var streams in byPerson.Values)
        {
            foreach (var stream in streams.Items)
            {
                stream.Channel.Writer.TryComplete();
            }
        }
    }

    internal void Remove(PushSubscription subscription)
    {
        lock (gate)
        {
            if (!byPerson.TryGetValue(subscription.Person, out var streams) || !streams.Contains(subscription))
            {
                return;
            }

            var left = streams.Remove(subscription);
            if (left.Count == 0)
            {
                byPerson.TryRemove(subscription.Person, out _);
            }
            else
            {
                byPerson[subscription.Person] = left;
            }

            open--;
        }
    }

    /// <summary>Replaced whole under the lock, so <see cref="Publish"/> reads a person's streams without it.</summary>
    private sealed record ImmutableStreams(PushSubscription[] Items)
    {
        public static readonly ImmutableStreams Empty = new([]);

        public int Count => Items.Length;

        public bool Contains(PushSubscription subscription) => Items.Contains(subscription);

        public ImmutableStreams Add(PushSubscription subscription) => new([.. Items, subscription]);

        public ImmutableStreams Remove(PushSubscription subscription) => new(Items.Where(s => s != subscription).ToArray());
    }
}

/// <summary>One open stream's share of the hub: the ids of its person's new notifications, until it is disposed.</summary>
internal sealed class PushSubscription(PushHub hub, Guid person, Channel<Guid> channel) : IDisposable
{
    public Guid Person => person;

    public Channel<Guid> Channel => channel;

    public ChannelReader<Guid> Reader => channel.Reader;

    public void Dispose()
    {
        channel.Writer.TryComplete();
        hub.Remove(this);
    }
}
