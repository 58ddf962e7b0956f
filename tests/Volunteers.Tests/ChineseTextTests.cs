using System.Net;
using System.Net.Http.Json;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>Chinese names must count characters, not bytes: a SQL_ASCII database would not.</summary>
public sealed class ChineseTextTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    [Fact]
    public async Task Database_IsUtf8_AndCountsChineseCharactersAsCharacters()
    {
        await using var db = app.CreateDbContext();

        var encoding = await db.Database.SqlQueryRaw<string>("SELECT current_setting('server_encoding') AS \"Value\"").SingleAsync(TestContext.Current.CancellationToken);
        var length = await db.Database.SqlQueryRaw<int>("SELECT char_length('幸福驿站联盟') AS \"Value\"").SingleAsync(TestContext.Current.CancellationToken);

        Assert.Equal("UTF8", encoding);
        Assert.Equal(6, length);
    }

    [Fact]
    public async Task Register_WithFiftyChineseCharacters_IsStoredWhole_AndFiftyOneIsRejected()
    {
        var fifty = string.Concat(Enumerable.Repeat("城北街道幸福驿站联盟", 5));
        var (accountId, client) = await app.SignInAsync();
        var (_, other) = await app.SignInAsync();

        var stored = await client.PostAsJsonAsync("/volunteers", VolunteerForms.Registration(fifty, "wanda"), TestContext.Current.CancellationToken);
        var tooLong = await other.PostAsJsonAsync("/volunteers", VolunteerForms.Registration(fifty + "好", "wanda"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        await using var db = app.CreateDbContext();
        var length = await db.Database
            .SqlQuery<int>($"SELECT char_length(name) AS \"Value\" FROM volunteers WHERE id = {accountId}")
            .SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(50, length);
        var problem = await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("too_long", problem.GetProperty("errors").GetProperty("name")[0].GetString());
    }
}
