using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Identity;
using Alliance.Testing;
using Xunit;

namespace Alliance.Identity.Tests;

public sealed class AccountTests(IdentityApp app, Containers containers) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task SignUp_Returns201AResidentWithAMaskedMobile_AndPublishesAccountCreated()
    {
        await using var otherService = await EventRecorder.StartAsync<AccountCreated>(containers);
        var mobile = IdentityApp.NextMobile();

        var response = await app.Client.PostAsJsonAsync("/identity/accounts", new { mobile, password = "Laoshi2024", displayName = "李阿爹" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var account = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var id = account.GetProperty("id").GetGuid();
        Assert.Equal($"{mobile[..3]}****{mobile[7..]}", account.GetProperty("mobile").GetString());
        Assert.Equal(["resident"], account.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Single(await otherService.WaitForAsync(e => e.AccountId == id));
    }

    [Theory]
    [InlineData("12345678901", "Passw0rd!", "mobile", "mobile_format")]
    [InlineData(null, "short1", "password", "password_too_short")]
    [InlineData(null, "onlyletters", "password", "password_needs_letter_and_digit")]
    public async Task SignUp_BreakingARule_Returns400NamingIt(string? mobile, string password, string field, string rule)
    {
        var response = await app.Client.PostAsJsonAsync("/identity/accounts", new { mobile = mobile ?? IdentityApp.NextMobile(), password, displayName = "居民" }, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains(rule, problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task SignUp_WithATakenMobile_Returns409()
    {
        var (_, mobile) = await app.SignUpAsync();

        var again = await app.Client.PostAsJsonAsync("/identity/accounts", new { mobile, password = "Another1pass", displayName = "冒名者" }, TestContext.Current.CancellationToken);

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "mobile_already_registered");
    }

    [Fact]
    public async Task SignUp_OfOneMobileSixTimesAtOnce_CreatesExactlyOneAccount()
    {
        var mobile = IdentityApp.NextMobile();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            app.Client.PostAsJsonAsync("/identity/accounts", new { mobile, password = "Passw0rd!", displayName = $"居民{i}" }, TestContext.Current.CancellationToken)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task GetAccount_AnswersTheOwner_HidesEveryoneElses_AndWantsAToken()
    {
        var (id, owner) = await app.SignedInAsync();
        var (_, stranger) = await app.SignedInAsync();
        using var anonymous = app.Host.CreateClient();

        var own = await owner.GetAsync($"/identity/accounts/{id}", TestContext.Current.CancellationToken);
        var others = await stranger.GetAsync($"/identity/accounts/{id}", TestContext.Current.CancellationToken);
        var nobody = await anonymous.GetAsync($"/identity/accounts/{id}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await others.AssertProblemAsync(HttpStatusCode.NotFound, "account_not_found");
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
    }
}
