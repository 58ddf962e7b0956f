using System.Security.Cryptography;
using Alliance.Contracts.Validation;
using Alliance.Testing;
using Alliance.Volunteers.Registration;
using Microsoft.Extensions.Options;
using Xunit;

namespace Alliance.Volunteers.Tests.Registration;

/// <summary>The registration rules and the ID card protector, without a database.</summary>
[Trait("Category", "Unit")]
public sealed class VolunteerRulesTests
{
    [Theory]
    [InlineData("13800138000", true)]
    [InlineData("19912345678", true)]
    [InlineData("12800138000", false)]
    [InlineData("1380013800", false)]
    [InlineData("+8613800138000", false)]
    public void Mobile_FollowsTheMainlandRule(string mobile, bool valid) =>
        Assert.Equal(valid, ChineseFormats.IsMobile(mobile));

    [Fact]
    public void MaskIdCard_KeepsTheFirstThreeAndLastFour() =>
        Assert.Equal("110***********002X", ChineseFormats.MaskIdCard("11010519491231002X"));

    [Theory]
    [InlineData("11010519491231002X", null)]
    [InlineData("11010519491231002x", null)]
    [InlineData("110105194912310021", "id_card_check")]
    [InlineData("11010519491231002", "id_card_format")]
    [InlineData("1101051949123100AX", "id_card_format")]
    [InlineData(" ", "required")]
    public void IdCard_NeedsEighteenCharactersAndTheGb11643CheckDigit(string number, string? rule)
    {
        var errors = new Alliance.ServiceDefaults.Problems.FieldErrors();

        var normalized = RegistrationForm.IdCard(errors, "idCardNumber", number);

        if (rule is null)
        {
            Assert.Equal("11010519491231002X", normalized);
        }
        else
        {
            Assert.Equal([rule], errors.ToDictionary()["idCardNumber"]);
        }
    }

    [Fact]
    public void Check_AcceptsAWholeRegistration()
    {
        var (errors, registration) = RegistrationForm.Check(Request());

        Assert.True(errors.IsEmpty);
        Assert.Equal("xintang-01", registration!.GridId);
        Assert.Equal([new AvailabilitySlot(DayOfWeek.Saturday, new TimeOnly(9, 0), new TimeOnly(11, 30))], registration.Availability);
    }

    [Fact]
    public void Check_NamesEachBrokenRule()
    {
        var request = Request() with
        {
            GridId = "wanda-01",
            Skills = ["home_repair", "juggling"],
            Availability = [new(DayOfWeek.Monday, "18:00", "09:00"), new(DayOfWeek.Monday, "8:00", "09:00"), new((DayOfWeek)9, "08:00", "09:00")],
            EmergencyContact = new("李芳", "", "12345"),
        };

        var errors = RegistrationForm.Check(request).Errors.ToDictionary();

        Assert.Equal(["unknown_grid"], errors["gridId"]);
        Assert.False(errors.ContainsKey("building"), "The building is judged only within a known grid.");
        Assert.Equal(["unknown_kind"], errors["skills"]);
        Assert.Equal(["slot_order"], errors["availability[0]"]);
        Assert.Equal(["time_format"], errors["availability[1].from"]);
        Assert.Equal(["unknown_day"], errors["availability[2].day"]);
        Assert.Equal(["required"], errors["emergencyContact.relation"]);
        Assert.Equal(["mobile_format"], errors["emergencyContact.mobile"]);
    }

    [Fact]
    public void Check_RefusesABuildingOfAnotherGrid_AndOverlappingSlots()
    {
        var request = Request() with
        {
            Building = "新塘花园2幢",
            Availability = [new(DayOfWeek.Sunday, "09:00", "11:00"), new(DayOfWeek.Sunday, "10:30", "12:00"), new(DayOfWeek.Monday, "10:30", "12:00")],
        };

        var errors = RegistrationForm.Check(request).Errors.ToDictionary();

        Assert.Equal(["unknown_building"], errors["building"]);
        Assert.Equal(["slot_overlap"], errors["availability[1]"]);
        Assert.False(errors.ContainsKey("availability[2]"));
    }

    [Fact]
    public void Register_StartsPending_UnderThePersonsAccountId_WithTheNumberEncrypted()
    {
        var now = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        var accountId = Guid.CreateVersion7(now);
        var protector = Protector();
        var registration = RegistrationForm.Check(Request()).Registration!;

        var volunteer = Volunteer.Register(accountId, registration, protector, now);

        Assert.Equal(VolunteerStatus.Pending, volunteer.Status);
        Assert.Equal(accountId, volunteer.Id);
        Assert.Equal(registration.IdCard, protector.Decrypt(volunteer.IdCardCipher!, accountId));
        Assert.Equal(protector.Hash(registration.IdCard), volunteer.IdCardHash);
    }

    [Fact]
    public void IdCardProtector_BindsTheCiphertextToItsVolunteer_AndHashesWithItsOwnKey()
    {
        var protector = Protector();
        var number = VolunteerForms.NextIdCard();
        var owner = Guid.CreateVersion7();

        var cipher = protector.Encrypt(number, owner);

        Assert.NotEqual(cipher, protector.Encrypt(number, owner));
        Assert.Throws<AuthenticationTagMismatchException>(() => protector.Decrypt(cipher, Guid.CreateVersion7()));
        Assert.Equal(protector.Hash(number), protector.Hash(number));
        Assert.NotEqual(protector.Hash(number), Protector().Hash(number));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("c2hvcnQ=")]
    [InlineData("not base64!")]
    public void IdCardProtector_RefusesAMissingOrShortKey(string? key)
    {
        Assert.False(IdCardProtector.IsValidKey(key));
        Assert.Throws<InvalidOperationException>(() => new IdCardProtector(Options.Create(new IdCardOptions { IdCardKey = key })));
    }

    private static IdCardProtector Protector() =>
        new(Options.Create(new IdCardOptions { IdCardKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }));

    private static RegisterVolunteerRequest Request() => new(
        "李忠",
        VolunteerForms.NextIdCard(),
        "xintang",
        "xintang-01",
        "新塘新村1幢",
        ["home_repair", "home_repair", "companionship"],
        [new(DayOfWeek.Saturday, "09:00", "11:30")],
        true,
        new("李芳", "女儿", "13912340000"));
}
