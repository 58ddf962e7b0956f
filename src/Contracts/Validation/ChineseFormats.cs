using System.Text.RegularExpressions;

namespace Alliance.Contracts.Validation;

/// <summary>Formats every service checks the same way (docs/domain.md, "Validation for China").</summary>
public static partial class ChineseFormats
{
    /// <summary>A mainland mobile number: 1, then 3–9, then nine digits.</summary>
    public static bool IsMobile(string? value) => value is not null && MobilePattern().IsMatch(value);

    /// <summary>Shows the first three and last four digits of a mobile: 138****5678.</summary>
    public static string MaskMobile(string mobile) =>
        mobile.Length == 11 ? string.Concat(mobile.AsSpan(0, 3), "****", mobile.AsSpan(7)) : "****";

    /// <summary>Shows the first three and last four characters of an ID card number: 110***********123X.</summary>
    public static string MaskIdCard(string idCard) =>
        idCard.Length == 18 ? string.Concat(idCard.AsSpan(0, 3), new string('*', 11), idCard.AsSpan(14)) : "****";

    private const string CreditCodeCharacters = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] CreditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] IdCardWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>An 18-character unified social credit code whose last character is the GB 32100 check character.</summary>
    public static bool IsUnifiedSocialCreditCode(string? value)
    {
        if (value is not { Length: 18 })
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var digit = CreditCodeCharacters.IndexOf(value[i], StringComparison.Ordinal);
            if (digit < 0)
            {
                return false;
            }

            sum += digit * CreditCodeWeights[i];
        }

        var check = (31 - (sum % 31)) % 31;
        return value[17] == CreditCodeCharacters[check];
    }

    /// <summary>An 18-character resident ID card number whose last character is the GB 11643 check digit.</summary>
    public static bool IsResidentIdCard(string? value)
    {
        if (value is not { Length: 18 } || !value.AsSpan(0, 17).ContainsOnlyDigits())
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (value[i] - '0') * IdCardWeights[i];
        }

        return char.ToUpperInvariant(value[17]) == "10X98765432"[sum % 11];
    }

    private static bool ContainsOnlyDigits(this ReadOnlySpan<char> span) => !span.ContainsAnyExceptInRange('0', '9');

    [GeneratedRegex(@"^1[3-9]\d{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex MobilePattern();
}
