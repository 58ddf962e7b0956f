namespace Alliance.Notifications.Push;

/// <summary>Configuration section <c>Notifications:Push</c>: the stream to open apps.</summary>
internal sealed class PushOptions
{
    public const string Section = "Notifications:Push";

    /// <summary>
    /// How often a quiet stream sends a comment line. Below the gateway's <c>Gateway:UpstreamTimeout</c>
    /// (30 s), which YARP applies to a silent upstream, and below the idle timeouts of proxies on the way.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Open streams one person may hold on one replica (a phone, a tablet, a few browser tabs); one more is 429.</summary>
    public int MaxStreamsPerPerson { get; set; } = 5;

    /// <summary>Open streams one replica holds in all; one more is 429.</summary>
    public int MaxStreams { get; set; } = 2000;

    /// <summary>On a reconnect with <c>Last-Event-ID</c>, at most this many missed notifications are sent first (the rest are in the inbox).</summary>
    public int ResumeLimit { get; set; } = 100;

    /// <summary>Notifications waiting to be written to one slow stream; past it the stream is closed and the client resumes.</summary>
    public int StreamBuffer { get; set; } = 100;

    /// <summary>The longest wait between attempts to listen again after the database went away.</summary>
    public TimeSpan ListenerMaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the listener waits in silence before it checks that its connection is still alive.</summary>
    public TimeSpan ListenerKeepAlive { get; set; } = TimeSpan.FromSeconds(30);
}
