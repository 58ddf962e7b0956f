using Alliance.Needs.Board;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>Whether a need's wanted window meets a volunteer's weekly availability (Asia/Shanghai), as the domain rule says (no database).</summary>
[Trait("Category", "Unit")]
public sealed class AvailabilityRuleTests
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    // 2026-12-05 is a Saturday.
    private static readonly WeeklyAvailability SaturdayMornings = new([new AvailableSlot(6, 9 * 60, (11 * 60) + 30)]);

    [Theory]
    [InlineData("2026-12-05T10:00:00+08:00", 60, true)]
    [InlineData("2026-12-05T08:00:00+08:00", 61, true)]
    [InlineData("2026-12-05T08:00:00+08:00", 60, false)]
    [InlineData("2026-12-05T11:30:00+08:00", 120, false)]
    [InlineData("2026-12-01T14:00:00+08:00", 120, false)]
    [InlineData("2026-12-04T20:00:00+08:00", 14 * 60, true)]
    [InlineData("2026-12-05T02:00:00+00:00", 30, true)]
    public void AWindow_MeetsTheSlot_OnlyWhenTheyOverlapInShanghaiTime(string from, int minutes, bool meets)
    {
        var start = DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(meets, SaturdayMornings.IsMetBy(NeedWanted(start, start.AddMinutes(minutes))));
    }

    [Fact]
    public void AWindowFromSundayNightIntoMonday_MeetsAMondayMorningSlot()
    {
        var mondayMornings = new WeeklyAvailability([new AvailableSlot(1, 7 * 60, 8 * 60)]);
        var sundayNight = new DateTimeOffset(2026, 12, 6, 22, 0, 0, Shanghai);

        Assert.True(mondayMornings.IsMetBy(NeedWanted(sundayNight, sundayNight.AddHours(10))));
        Assert.False(mondayMornings.IsMetBy(NeedWanted(sundayNight, sundayNight.AddHours(9))));
    }

    [Fact]
    public void AWindowOfAWeekOrMore_MeetsEverySlot_AndNoSlotsMeetNothing()
    {
        var from = new DateTimeOffset(2026, 12, 1, 12, 0, 0, Shanghai);
        var tuesdayDawn = new WeeklyAvailability([new AvailableSlot(2, 0, 60)]);

        Assert.True(tuesdayDawn.IsMetBy(NeedWanted(from, from.AddDays(7))));
        Assert.True(SaturdayMornings.IsMetBy(NeedWanted(from, from.AddDays(30))));
        Assert.False(new WeeklyAvailability([]).IsMetBy(NeedWanted(from, from.AddDays(30))));
    }

    private static Need NeedWanted(DateTimeOffset from, DateTimeOffset until)
    {
        var draft = new NeedDraft("陪老人散步", null, "companionship", "wanda", "wanda-01", null, "万达广场公寓1幢302室", NeedUrgency.Normal,
            from, until, 1, [], null);
        return Need.Post(draft, Guid.CreateVersion7(), Guid.CreateVersion7(), Needs.Now);
    }
}
