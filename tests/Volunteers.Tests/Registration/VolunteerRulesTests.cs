using Alliance.Contracts.Validation;
using Alliance.Volunteers.Registration;
using Xunit;

namespace Alliance.Volunteers.Tests.Registration;

/// <summary>The registration rules, without a database.</summary>
public sealed class VolunteerRulesTests
{
    [Theory]
    [InlineData("13800138000", true)]
    [InlineData("19912345678", true)]
    [InlineData("12800138000", false)]
    [InlineData("1380013800", false)]
    [InlineData("138001380001", false)]
    [InlineData("+8613800138000", false)]
    [InlineData("1380013800a", false)]
    public void Mobile_FollowsTheMainlandRule(string mobile, bool valid) =>
        Assert.Equal(valid, ChineseFormats.IsMobile(mobile));

    [Fact]
    public void MaskMobile_KeepsTheFirstThreeAndLastFour() =>
        Assert.Equal("138****8000", ChineseFormats.MaskMobile("13800138000"));

    [Fact]
    public void Check_AcceptsAValidRegistration() =>
        Assert.True(Volunteer.Check("李忠", "xintang").IsEmpty);

    [Fact]
    public void Check_RejectsAGridIdUsedAsACommunity()
    {
        var errors = Volunteer.Check("李忠", "xintang-01").ToDictionary();

        Assert.Equal(["unknown_community"], errors["communityId"]);
    }

    [Fact]
    public void Register_StartsPending_UnderThePersonsAccountId()
    {
        var now = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        var accountId = Guid.CreateVersion7(now);

        var volunteer = Volunteer.Register(accountId, " 李忠 ", "xintang", now);

        Assert.Equal(VolunteerStatus.Pending, volunteer.Status);
        Assert.Equal("李忠", volunteer.Name);
        Assert.Equal(accountId, volunteer.Id);
        Assert.Equal(now, volunteer.RegisteredAt);
    }

    [Fact]
    public void Register_WithoutChecking_Throws() =>
        Assert.Throws<ArgumentException>(() => Volunteer.Register(Guid.CreateVersion7(), "李忠", "atlantis", DateTimeOffset.UtcNow));
}
