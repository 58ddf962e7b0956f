using System.Diagnostics;
using Xunit;

namespace Alliance.Deployment.Tests;

/// <summary>
/// <c>docker kill</c> (SIGKILL) of one replica of every app and of the RabbitMQ node holding the
/// most of the apps' connections, in the middle of a round; swarm starts new tasks for them.
/// </summary>
public sealed class KillTests(DeployedSystem stack)
{
    private const int DoneBeforeTheFault = 6;
    private const int WholeDuringTheFault = 3;

    [Fact]
    public async Task AReplicaOfEveryApp_AndTheBusiestBrokerNode_KilledMidRound_TheRoundCompletes_NothingLostOrDoubled()
    {
        var street = new Street(stack);
        using var admin = await street.People.StreetAdminAsync();
        var (_, _, resident) = await street.People.NewAsync("孙玉兰");
        var (volunteerId, volunteer) = await street.People.VerifiedVolunteerAsync(admin, "周志强");
        var needs = new List<Guid>();
        for (var i = 0; i < DoneBeforeTheFault; i++)
        {
            needs.Add(await Street.DoneNeedAsync(resident, volunteer, volunteerId, $"帮忙买菜送上门（{i + 1}）"));
        }

        var (node, connections) = await BusiestBrokerNodeAsync();
        var victims = new List<string>();
        foreach (var app in DeployedSystem.Apps)
        {
            victims.Add((await stack.ContainersAsync(app))[0]);
        }

        victims.Add(node);
        var fault = Stopwatch.StartNew();
        await DeployedSystem.DockerAsync($"kill {string.Join(' ', victims)}");

        // The round goes on at once: the residents confirm, and more needs are posted, done and confirmed.
        foreach (var need in needs)
        {
            await Street.ConfirmAsync(resident, need);
        }

        for (var i = 0; i < WholeDuringTheFault; i++)
        {
            var need = await Street.DoneNeedAsync(resident, volunteer, volunteerId, $"帮忙修理水龙头（{i + 1}）");
            await Street.ConfirmAsync(resident, need);
            needs.Add(need);
        }

        var roundDone = fault.Elapsed;
        var (withHours, withCredit, extraHours, extraCredits) = await Street.EffectsAsync(volunteer, volunteerId, needs, TimeSpan.FromMinutes(5));
        var effectsDone = fault.Elapsed;
        Assert.Equal((needs.Count, needs.Count), (withHours, withCredit));
        Assert.Equal((0, 0), (extraHours, extraCredits));
        Assert.Equal((needs.Count * Street.PointsPerConfirmedNeed, 0L), await Street.BalanceAsync(volunteer, volunteerId));

        await stack.WholeAgainAsync(TimeSpan.FromMinutes(5));
        DeployReport.Add($"Killed mid-round (docker kill): one replica of each of the {DeployedSystem.Apps.Count} apps and the RabbitMQ node holding "
            + $"{connections} of the apps' connections; {needs.Count} needs confirmed, {withHours} hours entries and {withCredit} credits, "
            + $"{extraHours + extraCredits} doubled; the round's calls done {roundDone.TotalSeconds:F0} s after the kill, every effect in "
            + $"{effectsDone.TotalSeconds:F0} s, every replica healthy again in {fault.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>The broker node's container with the most established AMQP connections (port 5672, read from /proc/net/tcp).</summary>
    private async Task<(string Container, int Connections)> BusiestBrokerNodeAsync()
    {
        var busiest = (Container: "", Connections: -1);
        foreach (var node in new[] { "rabbitmq-1", "rabbitmq-2", "rabbitmq-3" })
        {
            foreach (var container in await stack.ContainersAsync(node))
            {
                var table = await DeployedSystem.DockerAsync($"exec {container} cat /proc/net/tcp /proc/net/tcp6");
                // Columns: sl local_address rem_address st ...; 1628 is 5672, state 01 is ESTABLISHED.
                var connections = table.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .Count(c => c.Length > 3 && c[1].EndsWith(":1628", StringComparison.Ordinal) && c[3] == "01");
                if (connections > busiest.Connections)
                {
                    busiest = (container, connections);
                }
            }
        }

        Assert.True(busiest.Connections > 0, "No RabbitMQ node holds an AMQP connection");
        return busiest;
    }
}
