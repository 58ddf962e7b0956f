using System.Security.Cryptography;

namespace Alliance.Testing;

/// <summary>Registration bodies for Volunteers, valid unless a test changes them, and the settings a Volunteers host needs.</summary>
public static class VolunteerForms
{
    private static int sequence;

    /// <summary>A resident ID card number with a correct GB 11643 check digit that no other call in this run returns.</summary>
    public static string NextIdCard()
    {
        var n = Interlocked.Increment(ref sequence) + (Environment.ProcessId % 100 * 10_000);
        // 320508: 姑苏区; a birth date and sequence that vary with n.
        var body = $"320508{1950 + (n / 3650 % 50)}{1 + (n / 300 % 12):D2}{1 + (n / 10 % 28):D2}{n % 1000:D3}";
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    /// <summary>A whole registration body for a volunteer of the community (its first grid cell and building).</summary>
    public static Dictionary<string, object?> Registration(string name = "李忠", string communityId = "xintang", string? idCard = null)
    {
        var grid = Alliance.Contracts.Reference.ReferenceData.Current.FindCommunity(communityId)?.Grids[0];
        return new Dictionary<string, object?>
        {
            ["name"] = name,
            ["idCardNumber"] = idCard ?? NextIdCard(),
            ["communityId"] = communityId,
            ["gridId"] = grid?.Id ?? $"{communityId}-01",
            ["building"] = grid?.Buildings[0] ?? "1幢",
            ["skills"] = new[] { "home_repair", "companionship" },
            ["availability"] = new[] { new { day = "saturday", from = "09:00", to = "11:30" } },
            ["partyMember"] = true,
            ["emergencyContact"] = new { name = "李芳", relation = "女儿", mobile = "13912340000" },
        };
    }

    /// <summary>What a Volunteers host needs beyond its database and broker: a throwaway ID card key, and Identity's gRPC address.</summary>
    public static Dictionary<string, string?> HostSettings(string identityGrpc) => new()
    {
        ["Volunteers:IdCardKey"] = Key.Value,
        ["services:identity:grpc:0"] = identityGrpc,
    };

    private static readonly Lazy<string> Key = new(() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
}
