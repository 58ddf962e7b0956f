using System.Text.RegularExpressions;

namespace Alliance.Contracts.Validation;

/// <summary>Formats every service checks the same way (DOMAIN.md, "Validation for China").</summary>
public static partial class ChineseFormats
{
    /// <summary>A mainland mobile number: 1, then 3–9, then nine digits.</summary>
    public static bool IsMobile(string? value) => value is not null && MobilePattern().IsMatch(value);

    /// <summary>Shows the first three and last four digits of a mobile: 138****5678.</summary>
    public static string MaskMobile(string mobile) =>
        mobile.Length == 11 ? string.Concat(mobile.AsSpan(0, 3), "****", mobile.AsSpan(7)) : "****";

    [GeneratedRegex(@"^1[3-9]\d{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex MobilePattern();
}
