using System.Net;
using Alliance.Contracts.Needs;
using Alliance.Needs.Board;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>
/// Issue 20's "hours fit the time" through the API: a helper's hours are at most the time from the
/// start (to the completion) plus Needs:Hours:Allowance; beyond it, 422 naming the helper and nothing changed.
/// </summary>
[Collection(nameof(AttackTests))]
public sealed class HoursFitTheTimeTests(NeedsApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HoursReportedRightAfterTheStart_Are422HoursBeyondElapsed_NamingTheHelper_AndChangeNothing()
    {
        var (need, _, volunteerId, volunteer) = await app.AcceptedAsync(start: true);
        var before = await app.FingerprintAsync();

        var response = await volunteer.Send($"/needs/{need}/completion", NeedSteps.Hours((volunteerId, 2.5m, 0m)));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "hours_beyond_elapsed");
        Assert.Equal(volunteerId.ToString(), problem.GetProperty("detail").GetString());
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Empty(await app.PublishedAsync<NeedCompleted>(e => e.NeedId == need));
    }

    [Fact]
    public async Task WorkThatBeganTwoHoursAgo_TakesTwoAndAHalfHours_ButNotMore()
    {
        var (need, _, volunteerId, volunteer) = await app.AcceptedAsync(start: true);
        await StoredTimes.MoveNeedBackAsync(app.DatabaseConnectionString, need, TimeSpan.FromHours(2));
        var before = await app.FingerprintAsync();

        var tooMany = await volunteer.Send($"/needs/{need}/completion", NeedSteps.Hours((volunteerId, 2.6m, 0m)));
        await tooMany.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "hours_beyond_elapsed");
        Assert.Equal(before, await app.FingerprintAsync());

        var answer = await volunteer.Must($"/needs/{need}/completion", NeedSteps.Hours((volunteerId, 2.5m, 1m)));
        Assert.Equal("completed", answer.GetProperty("status").GetString());
        Assert.Equal(2.5m, Assert.Single((await NeedAsync(need)).Helpers).Hours);
    }

    [Fact]
    public async Task AnAdminResolvingADispute_GivesNoMoreHoursThanTheWorkTook()
    {
        var (need, resident, volunteerId, volunteer) = await app.AcceptedAsync(start: true);
        await StoredTimes.MoveNeedBackAsync(app.DatabaseConnectionString, need, TimeSpan.FromHours(1));
        await volunteer.Must($"/needs/{need}/completion", NeedSteps.Hours((volunteerId, 1m, 0m)));
        await resident.Must($"/needs/{need}/dispute", new { reason = "说好的两小时只来了一小时" });
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var before = await app.FingerprintAsync();

        var response = await admin.Send($"/needs/{need}/dispute/resolution", new
        {
            outcome = "confirmed",
            helpers = new[] { new { volunteerId, hours = 8m, nightHours = 0m } },
            note = "按八小时计",
        });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "hours_beyond_elapsed");
        Assert.Equal(volunteerId.ToString(), problem.GetProperty("detail").GetString());
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(NeedStatus.Disputed, (await NeedAsync(need)).Status);
        Assert.Empty(await app.PublishedAsync<NeedConfirmed>(e => e.NeedId == need));
    }

    [Theory]
    [InlineData("30")]
    [InlineData("-00:10:00")]
    [InlineData("05:00:00")]
    public async Task ANeedsHost_WithAnAllowanceOutsideNoneToFourHours_DoesNotStart(string allowance)
    {
        // The app's own thread disposes the host it failed to start (RunAsync's finally); when that comes
        // before WebApplicationFactory's DeferredHost asks the host for its lifetime, the factory reports
        // ObjectDisposedException in place of the reason (seen under the full suite's load). The host
        // refused to start either way; a second try reports the reason.
        Exception? failure = null;
        for (var attempt = 0; attempt < 3 && failure is null or ObjectDisposedException; attempt++)
        {
            failure = await Record.ExceptionAsync(async () =>
            {
                await using var host = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?> { ["Needs:Hours:Allowance"] = allowance });
            });
            Assert.NotNull(failure);
        }

        Assert.NotNull(failure);
        Assert.Contains("Needs:Hours:Allowance", failure.ToString(), StringComparison.Ordinal);
    }

    private async Task<Need> NeedAsync(Guid id)
    {
        await using var db = app.CreateDbContext();
        return await db.Needs.AsNoTracking().SingleAsync(n => n.Id == id, Ct);
    }
}
