using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Points;
using Alliance.Contracts.Time;
using Alliance.Messaging.Outbox;
using Alliance.Points.Flags;
using Alliance.Points.Ledger;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Points.Tests;

/// <summary>
/// A street admin decides a flag: upholding takes the credit back (an adjustment of its own, up to what
/// is available) and publishes PointsCreditReversed; dismissing changes nothing else; no one else may.
/// </summary>
public sealed class FlagDecisionTests(PointsApp app) : IClassFixture<PointsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Upholding_TakesTheCreditBack_PublishesPointsCreditReversed_AndASecondDecisionIs409()
    {
        var volunteer = Guid.CreateVersion7();
        var (need, flagId) = await FlaggedCreditAsync(volunteer, 5m);
        var (admin, streetAdmin) = await app.SignInAsAsync(Roles.StreetAdmin);

        var response = await streetAdmin.PostAsJsonAsync($"/points/flags/{flagId}/decision", new { outcome = "upheld", reason = "无人确认，工时明显虚高" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var flag = body.GetProperty("flag");
        Assert.Equal(("upheld", admin, "无人确认，工时明显虚高"), (flag.GetProperty("status").GetString(), flag.GetProperty("decidedBy").GetGuid(), flag.GetProperty("decisionReason").GetString()));
        var reversal = body.GetProperty("reversal");
        var reversalId = reversal.GetProperty("id").GetGuid();
        Assert.Equal((reversalId, 50L, 0L, 5m), (flag.GetProperty("reversalId").GetGuid(), reversal.GetProperty("pointsTakenBack").GetInt64(),
            reversal.GetProperty("pointsNotTakenBack").GetInt64(), reversal.GetProperty("hours").GetDecimal()));

        await using (var db = app.CreateDbContext())
        {
            var credit = await db.Ledger.SingleAsync(e => e.SourceId == need.NeedId, Ct);
            var entry = await db.Ledger.SingleAsync(e => e.SourceId == reversalId, Ct);
            Assert.Equal((EntryKind.Adjustment, -50L, -5m, need.NeedId, "flag_upheld"), (entry.Kind, entry.Amount, entry.Hours, entry.AdjustsSourceId, entry.Reason));
            Assert.Equal((credit.ServiceDate, Shanghai.DateOf(DateTimeOffset.UtcNow)), (entry.ServiceDate, entry.EarnedOn));
            // The credit itself is never edited.
            Assert.Equal(50L, credit.Amount);
            // Written with the decision, in its transaction: the outbox holds what Points publishes.
            var published = Assert.Single(await app.PublishedAsync<PointsCreditReversed>(e => e.ReversalId == reversalId));
            Assert.Equal((reversalId, flagId, need.NeedId, volunteer, 5m), (published.ReversalId, published.FlagId, published.SourceId, published.VolunteerId, published.Hours));
        }

        Assert.Equal((0L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
        var ofTheFlag = Assert.Single(await app.PublishedAsync<PointsCreditReversed>(e => e.FlagId == flagId));
        Assert.Equal((reversalId, need.NeedId, volunteer, 5m), (ofTheFlag.ReversalId, ofTheFlag.SourceId, ofTheFlag.VolunteerId, ofTheFlag.Hours));

        // Decided once: a second decision, either way, is refused and changes nothing.
        var before = await StateAsync(volunteer, flagId);
        var again = await streetAdmin.PostAsJsonAsync($"/points/flags/{flagId}/decision", new { outcome = "dismissed", reason = "改判" }, Ct);
        var twice = await streetAdmin.PostAsJsonAsync($"/points/flags/{flagId}/decision", new { outcome = "upheld", reason = "再撤一次" }, Ct);
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "flag_already_decided");
        await twice.AssertProblemAsync(HttpStatusCode.Conflict, "flag_already_decided");
        Assert.Equal(before, await StateAsync(volunteer, flagId));

        // Listed by status.
        var upheld = await streetAdmin.GetFromJsonAsync<JsonElement>("/points/flags?status=upheld&kind=timerManyHours&limit=100", Ct);
        var open = await streetAdmin.GetFromJsonAsync<JsonElement>("/points/flags?status=open&limit=100", Ct);
        Assert.Contains(upheld.GetProperty("items").EnumerateArray(), f => f.GetProperty("id").GetGuid() == flagId);
        Assert.DoesNotContain(open.GetProperty("items").EnumerateArray(), f => f.GetProperty("id").GetGuid() == flagId);
    }

    [Fact]
    public async Task Upholding_AfterSomePointsWereSpent_TakesBackWhatIsAvailable_AndAllTheHours()
    {
        var volunteer = Guid.CreateVersion7();
        var (_, flagId) = await FlaggedCreditAsync(volunteer, 5m);
        await app.SpendAsync(volunteer, 30);
        var (_, streetAdmin) = await app.SignInAsAsync(Roles.StreetAdmin);

        var response = await streetAdmin.PostAsJsonAsync($"/points/flags/{flagId}/decision", new { outcome = "upheld", reason = "核实为虚报" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reversal = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("reversal");
        Assert.Equal((20L, 30L, 5m), (reversal.GetProperty("pointsTakenBack").GetInt64(), reversal.GetProperty("pointsNotTakenBack").GetInt64(), reversal.GetProperty("hours").GetDecimal()));
        Assert.Equal((0L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
        await using var db = app.CreateDbContext();
        var entry = await db.Ledger.SingleAsync(e => e.SourceId == reversal.GetProperty("id").GetGuid(), Ct);
        using var why = JsonDocument.Parse(entry.Why);
        Assert.Equal((-20L, 30L, true), (entry.Amount, why.RootElement.GetProperty("notTakenBack").GetInt64(), why.RootElement.GetProperty("limitedToAvailable").GetBoolean()));
    }

    [Fact]
    public async Task ASecondUpheldFlag_OnTheSameCredit_TakesNothingMore()
    {
        // A brand-new requester's need, confirmed by the timer with many hours: two flags on one credit.
        var (requester, _) = await app.SignInAsync();
        await app.WaitUntilAsync(async db => await db.KnownAccounts.AnyAsync(a => a.AccountId == requester), "Points knows the requester's account");
        var volunteer = Guid.CreateVersion7();
        var (need, timerFlag) = await FlaggedCreditAsync(volunteer, 5m, requester);
        Guid newRequesterFlag;
        await using (var db = app.CreateDbContext())
        {
            newRequesterFlag = (await db.Flags.SingleAsync(f => f.SourceId == need.NeedId && f.Kind == FlagKind.NewRequester, Ct)).Id;
        }

        var (_, streetAdmin) = await app.SignInAsAsync(Roles.StreetAdmin);
        var first = await streetAdmin.PostAsJsonAsync($"/points/flags/{timerFlag}/decision", new { outcome = "upheld", reason = "虚报" }, Ct);
        var second = await streetAdmin.PostAsJsonAsync($"/points/flags/{newRequesterFlag}/decision", new { outcome = "upheld", reason = "新注册账号刷分" }, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var body = await second.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("upheld", JsonValueKind.Null), (body.GetProperty("flag").GetProperty("status").GetString(), body.GetProperty("reversal").ValueKind));
        await using var check = app.CreateDbContext();
        Assert.Equal(1, await check.Ledger.CountAsync(e => e.VolunteerId == volunteer && e.Kind == EntryKind.Adjustment, Ct));
        Assert.Single(await app.PublishedAsync<PointsCreditReversed>(e => e.SourceId == need.NeedId));
        Assert.Equal((0L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
    }

    [Fact]
    public async Task Dismissing_RecordsTheDecision_AndChangesNothingElse()
    {
        var volunteer = Guid.CreateVersion7();
        var (_, flagId) = await FlaggedCreditAsync(volunteer, 4m);
        var (_, streetAdmin) = await app.SignInAsAsync(Roles.StreetAdmin);
        var before = await LedgerAndOutboxAsync(volunteer);

        var response = await streetAdmin.PostAsJsonAsync($"/points/flags/{flagId}/decision", new { outcome = "dismissed", reason = "入户回访属实，老人行动不便未及时确认" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("dismissed", JsonValueKind.Null), (body.GetProperty("flag").GetProperty("status").GetString(), body.GetProperty("reversal").ValueKind));
        Assert.Equal(before, await LedgerAndOutboxAsync(volunteer));
        Assert.Equal((40L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
    }

    [Fact]
    public async Task NoOneButAStreetAdmin_Decides_AndARefusedOrBadDecisionChangesNothing()
    {
        var (volunteer, self) = await app.SignInAsync();
        var (_, flagId) = await FlaggedCreditAsync(volunteer, 5m);
        var (_, communityAdmin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (_, streetAdmin) = await app.SignInAsAsync(Roles.StreetAdmin);
        var upheld = new { outcome = "upheld", reason = "核实为虚报" };
        var before = await StateAsync(volunteer, flagId);

        var byCommunityAdmin = await communityAdmin.PostAsJsonAsync($"/points/flags/{flagId}/decision", upheld, Ct);
        var byTheVolunteer = await self.PostAsJsonAsync($"/points/flags/{flagId}/decision", new { outcome = "dismissed", reason = "我没有作弊" }, Ct);
        var listByCommunityAdmin = await communityAdmin.GetAsync("/points/flags", Ct);
        var unknownOutcome = await streetAdmin.PostAsJsonAsync($"/points/flags/{flagId}/decision", new { outcome = "maybe", reason = "" }, Ct);
        var tooLong = await streetAdmin.PostAsJsonAsync($"/points/flags/{flagId}/decision", new { outcome = "upheld", reason = new string('虚', Flag.MaxReasonLength + 1) }, Ct);
        var unknownFlag = await streetAdmin.PostAsJsonAsync($"/points/flags/{Guid.CreateVersion7()}/decision", upheld, Ct);
        var unknownStatus = await streetAdmin.GetAsync("/points/flags?status=pending", Ct);

        await byCommunityAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, "street_admin_only");
        // Not an admin at all: the access class refuses before the handler is reached.
        await byTheVolunteer.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await listByCommunityAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, "street_admin_only");
        var errors = (await unknownOutcome.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors");
        Assert.Equal(("unknown_outcome", "required"), (errors.GetProperty("outcome")[0].GetString(), errors.GetProperty("reason")[0].GetString()));
        var tooLongErrors = (await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors");
        Assert.Equal("too_long", tooLongErrors.GetProperty("reason")[0].GetString());
        await unknownFlag.AssertProblemAsync(HttpStatusCode.NotFound, "flag_not_found");
        var statusErrors = (await unknownStatus.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors");
        Assert.Equal("unknown_status", statusErrors.GetProperty("status")[0].GetString());
        Assert.Equal(before, await StateAsync(volunteer, flagId));
        Assert.Equal((50L, 0L), await app.AssertRowEqualsLedgerAsync(volunteer));
    }

    /// <summary>A timer-confirmed need with more hours than <c>TimerHoursLimit</c> (3): a <c>timerManyHours</c> flag on the helper's credit.</summary>
    private async Task<(NeedConfirmed Need, Guid FlagId)> FlaggedCreditAsync(Guid volunteer, decimal hours, Guid? requester = null)
    {
        var need = Events.NeedConfirmed([new(volunteer, hours, 0m)], by: NeedConfirmer.Timer, requester: requester, took: TimeSpan.FromHours(5));
        await app.PublishAsync(need);
        await app.WaitForEntriesAsync(need.NeedId, 1);
        await using var db = app.CreateDbContext();
        var flag = await db.Flags.SingleAsync(f => f.SourceId == need.NeedId && f.VolunteerId == volunteer && f.Kind == FlagKind.TimerManyHours, Ct);
        return (need, flag.Id);
    }

    /// <summary>The flag, the volunteer's ledger and balance, and every event Points wrote to publish: what a refused decision must leave alone.</summary>
    private async Task<string> StateAsync(Guid volunteer, Guid flagId)
    {
        await using var db = app.CreateDbContext();
        var flag = await db.Flags.AsNoTracking().SingleAsync(f => f.Id == flagId, Ct);
        return JsonSerializer.Serialize(new { flag.Status, flag.DecidedBy, flag.DecidedAt, flag.DecisionReason, flag.ReversalId, rest = await LedgerAndOutboxAsync(volunteer) });
    }

    private async Task<string> LedgerAndOutboxAsync(Guid volunteer)
    {
        await using var db = app.CreateDbContext();
        var entries = await db.Ledger.AsNoTracking().Where(e => e.VolunteerId == volunteer).OrderBy(e => e.Id).Select(e => new { e.Id, e.Amount, e.Hours }).ToListAsync(Ct);
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.VolunteerId == volunteer, Ct);
        // This volunteer's events only: other classes' credits publish meanwhile (one broker per project).
        var about = volunteer.ToString();
        var outbox = (await db.Set<OutboxMessage>().OrderBy(m => m.Id).Select(m => new { m.Id, m.Body }).ToListAsync(Ct))
            .Where(m => m.Body.Contains(about, StringComparison.Ordinal)).Select(m => m.Id).ToList();
        return JsonSerializer.Serialize(new { entries, account.Available, account.Reserved, outbox });
    }
}
