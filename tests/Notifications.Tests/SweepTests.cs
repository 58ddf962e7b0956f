using Alliance.Contracts.Needs;
using Alliance.Testing;
using Alliance.Testing.Sweeps;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>
/// The sweeps of issue 12, generated from Notifications' route table. Every route answers the caller's
/// own notifications only; marking one read is the route that names an object, and refuses a stranger.
/// </summary>
public sealed class SweepTests(NotificationsApp app) : SweepTests<Service>(app), IClassFixture<NotificationsApp>
{
    [Fact]
    public async Task EveryOwnerRoute_RefusesAnotherPerson()
    {
        var owner = Guid.CreateVersion7();
        var need = app.Needs.Add(owner);
        var claimed = new NeedClaimed(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, need, Guid.CreateVersion7(), ClaimantKind.Volunteer);
        await app.PublishAsync(claimed);
        var sample = Sample();
        var ownerClient = app.As(owner);
        sample.RouteValues["id"] = (await NotificationsApp.InboxAsync(ownerClient)).GetProperty("items")[0].GetProperty("id").GetString()!;
        sample.Readers["POST /notifications/{id:guid}/read"] = ownerClient;

        Assert.True(await Sweeps.BolaAsync(app.Host.Services, app.As(Guid.CreateVersion7()), app.DatabaseConnectionString, sample) > 0);
    }

    /// <summary>Notifications asks others (Needs, Identity) and answers no one over gRPC.</summary>
    protected override bool ServesGrpc => false;

    protected override Task<SweepSample> SampleAsync() => Task.FromResult(Sample());

    private static SweepSample Sample()
    {
        var sample = new SweepSample();
        sample.RouteValues["id"] = Guid.CreateVersion7().ToString();
        // Other classes' events (one broker per project) make notifications here too.
        sample.EventFedTables.Add("notifications");
        // ... and their deliveries, which the due work sends meanwhile.
        sample.EventFedTables.Add("deliveries");
        sample.EventFedTables.Add("dev_sent");
        return sample;
    }
}
