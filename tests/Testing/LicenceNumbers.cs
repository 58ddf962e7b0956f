namespace Alliance.Testing;

/// <summary>Valid unified social credit codes, made with the GB 32100 check character, one per test.</summary>
public static class LicenceNumbers
{
    private const string Characters = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static string Next()
    {
        var body = "91320508" + Random.Shared.Next(0, 1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        var sum = body.Select((c, i) => Characters.IndexOf(c, StringComparison.Ordinal) * Weights[i]).Sum();
        return body + Characters[(31 - (sum % 31)) % 31];
    }
}
