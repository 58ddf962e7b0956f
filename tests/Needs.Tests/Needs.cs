using Alliance.Contracts.Needs;
using Alliance.Needs.Board;

namespace Alliance.Needs.Tests;

/// <summary>Needs in each state, made through the domain's own transitions (no database).</summary>
internal static class Needs
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Three hours after <see cref="Now"/>: when work started at Now is reported done.</summary>
    public static readonly DateTimeOffset Later = Now.AddHours(3);

    /// <summary>Needs:Hours:Allowance's default.</summary>
    public static readonly TimeSpan Allowance = TimeSpan.FromMinutes(30);
    public static readonly Guid Volunteer = Guid.CreateVersion7();

    public static Need Open(Guid? requester = null, Guid? postedBy = null, string communityId = "wanda", string gridId = "wanda-01", int helpers = 2)
    {
        var resident = requester ?? Guid.CreateVersion7();
        var draft = new NeedDraft("老座钟坏了", "不走了", "home_repair", communityId, gridId, null, "万达广场公寓1幢302室", NeedUrgency.Normal,
            Now, Now.AddDays(3), helpers, [], null);
        return Need.Post(draft, resident, postedBy ?? resident, Now);
    }

    /// <summary>A need in the state, claimed (if it got that far) by <see cref="Volunteer"/>.</summary>
    public static Need In(NeedStatus status)
    {
        var need = Open();
        Step(status is NeedStatus.Open or NeedStatus.Cancelled or NeedStatus.Expired || need.ClaimForVolunteer(Volunteer, Now) is null);
        Step(status is NeedStatus.Open or NeedStatus.Claimed or NeedStatus.Cancelled or NeedStatus.Expired || need.Accept(Resident(need), Now) is null);
        Step(status is not (NeedStatus.InProgress or NeedStatus.Completed or NeedStatus.Confirmed or NeedStatus.Disputed) || need.Start(Now) is null);
        Step(status is not (NeedStatus.Completed or NeedStatus.Confirmed or NeedStatus.Disputed) || need.Complete([new HelperHours(Volunteer, 2m, 0m)], "修好了", Allowance, Later) is null);
        Step(status != NeedStatus.Confirmed || need.Confirm(NeedConfirmer.Resident, Resident(need), 5, "谢谢", Later) is null);
        Step(status != NeedStatus.Disputed || need.Dispute(need.RequesterId, "没修好", Now) is null);
        Step(status != NeedStatus.Cancelled || need.Cancel(need.RequesterId, Now) is null);
        Step(status != NeedStatus.Expired || need.Expire(Now) is null);
        return need.Status == status ? need : throw new InvalidOperationException($"Could not bring a need to {status}.");
    }

    /// <summary>The need's requester, as the one who answers for it.</summary>
    public static NeedActor Resident(Need need) => NeedActor.Person(need.RequesterId);

    public static NeedActor Someone() => NeedActor.Person(Guid.CreateVersion7());

    private static void Step(bool done)
    {
        if (!done)
        {
            throw new InvalidOperationException("A step towards the sample state was refused.");
        }
    }
}
