namespace Alliance.Cli.Seeding;

/// <summary>The month's activities, published by each team's leader.</summary>
internal sealed partial class Seeder
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>
    /// Dated from today (Asia/Shanghai), so a fresh street always has a month ahead of it. Hence an
    /// activity is found again by its team and title, not by its start, which moves with the day of the load.
    /// </summary>
    private async Task ActivitiesAsync(IReadOnlyDictionary<string, Person> people, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Time.GetUtcNow(), Shanghai).DateTime);
        foreach (var group in File.Activities.GroupBy(a => a.Team, StringComparer.Ordinal))
        {
            if (!report.TeamIds.TryGetValue(group.Key, out var teamId))
            {
                continue;
            }

            var leader = people[File.Teams.Single(t => t.Name == group.Key).Leader].Token;
            var titles = (await ListAsync($"/api/teams/{teamId}/activities", leader, ct))
                .Select(a => a.GetProperty("title").GetString())
                .ToHashSet(StringComparer.Ordinal);
            foreach (var activity in group)
            {
                var present = titles.Contains(activity.Title);
                if (!present)
                {
                    var day = today.AddDays(activity.Day);
                    var created = await api.PostAsync($"/api/teams/{teamId}/activities", leader.Value, new
                    {
                        title = activity.Title,
                        kindId = activity.KindId,
                        place = activity.Place,
                        communityId = activity.CommunityId,
                        startsAt = At(day, activity.StartTime),
                        endsAt = At(day, activity.EndTime),
                        capacity = activity.Capacity,
                        requiredSkills = activity.RequiredSkills,
                        streetWide = File.Teams.Single(t => t.Name == group.Key).StreetWide,
                    }, Key("activity", group.Key, activity.Title, day.ToString("O", System.Globalization.CultureInfo.InvariantCulture)), ct);
                    created.Ok();
                    present = !created.IsNew;
                }

                report.Activities.Count(!present);
            }
        }

        log.WriteLine($"  activities: {File.Activities.Count} over the {File.Activities.Max(a => a.Day)} days from {today:yyyy-MM-dd}");
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, Shanghai.GetUtcOffset(local));
    }
}
