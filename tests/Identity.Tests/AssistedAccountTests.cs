using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Identity;
using Alliance.Testing;
using Npgsql;
using Xunit;

namespace Alliance.Identity.Tests;

public sealed class AssistedAccountTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Consent(string givenBy = "familyMember", string? giverName = "张明") =>
        new { givenBy, giverName, relationship = "儿子", method = "paperForm", givenAt = DateTimeOffset.UtcNow.AddDays(-1) };

    [Fact]
    public async Task AGridWorker_MakesAnAccountForAResidentOfTheirCell_WithTheConsentRecorded()
    {
        var (workerId, worker) = await app.SignedInAsAsync("grid-worker", gridIds: ["wanda-02"]);
        var mobile = IdentityApp.NextMobile();

        var response = await worker.PostAsJsonAsync("/identity/assisted-accounts",
            new { displayName = "张阿婆", communityId = "wanda", gridId = "wanda-02", mobile, consent = Consent() }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.Equal($"/identity/assisted-accounts/{id}", response.Headers.Location?.ToString());
        var read = await worker.GetFromJsonAsync<JsonElement>($"/identity/assisted-accounts/{id}", Ct);
        Assert.Equal("wanda-02", read.GetProperty("gridId").GetString());
        var consent = read.GetProperty("consent");
        Assert.Equal("familyMember", consent.GetProperty("givenBy").GetString());
        Assert.Equal("张明", consent.GetProperty("giverName").GetString());
        Assert.Equal("paperForm", consent.GetProperty("method").GetString());
        Assert.Equal(workerId, consent.GetProperty("recordedBy").GetGuid());
        Assert.True(await app.HoldsRoleAsync(id, "resident"));
        Assert.Contains(await app.PublishedAsync<AccountCreated>(e => e.AccountId == id), e => e.Assisted);
    }

    [Fact]
    public async Task AnAssistedAccount_CannotLogIn()
    {
        var (_, admin) = await app.SignedInAsAsync("community-admin", communityId: "xintang");
        var mobile = IdentityApp.NextMobile();
        var created = await admin.PostAsJsonAsync("/identity/assisted-accounts",
            new { displayName = "王大爷", communityId = "xintang", gridId = "xintang-01", mobile, consent = Consent("resident", null) }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var login = await app.RequestTokenAsync(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = mobile, ["password"] = "" });
        var guessed = await app.RequestTokenAsync(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = mobile, ["password"] = "Passw0rd!" });

        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, guessed.StatusCode);
    }

    [Fact]
    public async Task OutsideTheCallersScope_Returns403_AndCreatesNothing()
    {
        var (_, worker) = await app.SignedInAsAsync("grid-worker", gridIds: ["wanda-01"]);
        var (_, communityAdmin) = await app.SignedInAsAsync("community-admin", communityId: "wanda");
        var (_, resident) = await app.SignedInAsync();
        var mobile = IdentityApp.NextMobile();

        var otherCell = await worker.PostAsJsonAsync("/identity/assisted-accounts",
            new { displayName = "李阿爹", communityId = "wanda", gridId = "wanda-02", mobile, consent = Consent() }, Ct);
        var otherCommunity = await communityAdmin.PostAsJsonAsync("/identity/assisted-accounts",
            new { displayName = "李阿爹", communityId = "xintang", gridId = "xintang-01", mobile, consent = Consent() }, Ct);
        var notAnAdmin = await resident.PostAsJsonAsync("/identity/assisted-accounts",
            new { displayName = "李阿爹", communityId = "wanda", gridId = "wanda-01", mobile, consent = Consent() }, Ct);

        await otherCell.AssertProblemAsync(HttpStatusCode.Forbidden, "resident_out_of_scope");
        await otherCommunity.AssertProblemAsync(HttpStatusCode.Forbidden, "resident_out_of_scope");
        await notAnAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(0, await AccountsWithMobileAsync(mobile));
    }

    [Theory]
    [InlineData("consent", "required")]
    [InlineData("consent.giverName", "required")]
    [InlineData("consent.method", "unknown_value")]
    [InlineData("gridId", "unknown_grid")]
    [InlineData("mobile", "mobile_format")]
    public async Task ABreakingRequest_Returns400NamingTheRule_AndCreatesNothing(string field, string rule)
    {
        using var admin = await app.StreetAdminClientAsync();
        var mobile = field == "mobile" ? "12345678901" : IdentityApp.NextMobile();
        object? consent = field switch
        {
            "consent" => null,
            "consent.giverName" => Consent(giverName: null),
            "consent.method" => new { givenBy = "resident", method = "telepathy", givenAt = DateTimeOffset.UtcNow },
            _ => Consent(),
        };

        var response = await admin.PostAsJsonAsync("/identity/assisted-accounts",
            new { displayName = "赵奶奶", communityId = "wanda", gridId = field == "gridId" ? "xintang-01" : "wanda-01", mobile, consent }, Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains(rule, problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, await AccountsWithMobileAsync(mobile));
    }

    [Fact]
    public async Task ATakenMobile_Returns409()
    {
        var (_, mobile) = await app.SignUpAsync();
        using var admin = await app.StreetAdminClientAsync();

        var response = await admin.PostAsJsonAsync("/identity/assisted-accounts",
            new { displayName = "孙爷爷", communityId = "wanda", gridId = "wanda-01", mobile, consent = Consent() }, Ct);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "mobile_already_registered");
        Assert.Equal(1, await AccountsWithMobileAsync(mobile));
    }

    [Fact]
    public async Task AnAssistedAccount_IsNotFoundForAdminsOfOtherCells()
    {
        using var admin = await app.StreetAdminClientAsync();
        var created = await admin.PostAsJsonAsync("/identity/assisted-accounts",
            new { displayName = "钱阿姨", communityId = "wanda", gridId = "wanda-01", consent = Consent() }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var (_, otherWorker) = await app.SignedInAsAsync("grid-worker", gridIds: ["wanda-02"]);

        var response = await otherWorker.GetAsync($"/identity/assisted-accounts/{id}", Ct);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "account_not_found");
    }

    private async Task<long> AccountsWithMobileAsync(string mobile)
    {
        await using var connection = new NpgsqlConnection(app.DatabaseConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM "AspNetUsers" WHERE phone_number = $1""", connection) { Parameters = { new() { Value = mobile } } };
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
