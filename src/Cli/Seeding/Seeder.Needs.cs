namespace Alliance.Cli.Seeding;

/// <summary>Residents sign up and post their needs on the street-wide board.</summary>
internal sealed partial class Seeder
{
    /// <summary>
    /// Each resident's needs, found again by title among the resident's own (a need's window moves
    /// with the day of the load, like the activities' dates).
    /// </summary>
    private async Task NeedsAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Time.GetUtcNow(), Shanghai).DateTime);
        foreach (var resident in File.Residents)
        {
            var mobile = SeedIdentities.ResidentMobile(resident.No);
            var token = await AccountAsync(resident.Name, mobile, report.Residents, ct);
            var titles = (await ListAsync("/api/needs/mine", token, ct))
                .Select(n => n.GetProperty("title").GetString())
                .ToHashSet(StringComparer.Ordinal);
            foreach (var need in File.Needs.Where(n => n.Resident == resident.Name))
            {
                var present = titles.Contains(need.Title);
                if (!present)
                {
                    var posted = await api.PostAsync("/api/needs", token.Value, new
                    {
                        title = need.Title,
                        description = need.Description,
                        kindId = need.KindId,
                        communityId = resident.CommunityId,
                        gridId = resident.GridId,
                        building = resident.Building,
                        address = need.Address,
                        urgency = need.Urgency,
                        wantedFrom = At(today.AddDays(need.FromDay), new TimeOnly(8, 0)),
                        wantedUntil = At(today.AddDays(need.UntilDay), new TimeOnly(20, 0)),
                        helpersNeeded = need.HelpersNeeded,
                        requiredSkills = need.RequiredSkills,
                        wish = need.Wish,
                    }, Key("need", mobile, need.Title), ct);
                    posted.Ok();
                    present = !posted.IsNew;
                }

                report.Needs.Count(!present);
            }
        }

        log.WriteLine($"  needs: {File.Needs.Count} from {File.Residents.Count} residents");
    }
}
