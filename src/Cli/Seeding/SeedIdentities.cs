using System.Globalization;

namespace Alliance.Cli.Seeding;

/// <summary>
/// The demo volunteers' mobiles and ID card numbers, fixed by their number in the seed file so a
/// second load finds the same people. Both are fictitious on sight: the mobiles run 199 0100 0001
/// upwards, and the ID cards carry 320500, the code of Suzhou's city districts as a whole, which no
/// resident is registered under; the check digit is GB 11643's, as Volunteers demands.
/// </summary>
internal static class SeedIdentities
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    public static string Mobile(int no) => string.Create(CultureInfo.InvariantCulture, $"1990100{no:D4}");

    public static string ResidentMobile(int no) => string.Create(CultureInfo.InvariantCulture, $"1990300{no:D4}");

    public static string EmergencyMobile(int no) => string.Create(CultureInfo.InvariantCulture, $"1990200{no:D4}");

    /// <summary>320500, the birth date, the sequence number 9 and the volunteer's two-digit number, and the check digit.</summary>
    public static string IdCard(int no, DateOnly born)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"320500{born:yyyyMMdd}9{no:D2}");
        var sum = body.Select((c, i) => (c - '0') * Weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
