using Alliance.Contracts.Validation;
using Alliance.Identity.Assisted;
using Alliance.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Identity;

namespace Alliance.Identity.Accounts;

/// <summary>
/// A person's account. Its id is the person's id in every service; the mobile number is the login
/// name and lives only here (other services ask <c>GetContact</c>).
/// </summary>
internal sealed class Account : IdentityUser<Guid>
{
    public const int MaxDisplayNameLength = 50;
    public const string UniqueMobileIndex = "ux_accounts_mobile";

    /// <summary>ASP.NET Core Identity's own unique index on the normalized user name (the mobile).</summary>
    public const string UserNameIndex = "UserNameIndex";
    public const int MinPasswordLength = 8;

    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Where an assisted resident lives, so the admins of that cell and community can find them; null for a sign-up.</summary>
    public string? CommunityId { get; set; }

    public string? GridId { get; set; }

    /// <summary>The consent an assisted account was made with; null for a sign-up.</summary>
    public ConsentRecord? Consent { get; set; }

    public bool IsAssisted => Consent is not null;

    /// <summary>Checks a sign-up; the password rule is: 8 or more characters, with a letter and a digit.</summary>
    public static FieldErrors Check(string? mobile, string? password, string? displayName)
    {
        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(mobile), "mobile", "required"))
        {
            errors.Check(ChineseFormats.IsMobile(mobile), "mobile", "mobile_format");
        }

        if (errors.Check(!string.IsNullOrEmpty(password), "password", "required"))
        {
            errors.Check(password!.Length >= MinPasswordLength, "password", "password_too_short");
            errors.Check(password.Any(char.IsAsciiLetter) && password.Any(char.IsAsciiDigit), "password", "password_needs_letter_and_digit");
        }

        if (errors.Check(!string.IsNullOrWhiteSpace(displayName), "displayName", "required"))
        {
            errors.Check(displayName!.Trim().Length <= MaxDisplayNameLength, "displayName", "too_long");
        }

        return errors;
    }

    public static Account SignUp(string mobile, string displayName, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserName = mobile,
        PhoneNumber = mobile,
        DisplayName = displayName.Trim(),
        CreatedAt = now,
        LockoutEnabled = true,
    };

    /// <summary>
    /// An account made for a resident who is not online. It has no password, so it cannot log in;
    /// its optional mobile is the login name a later sign-in would use, and unique like any other.
    /// </summary>
    public static Account Assist(string displayName, string communityId, string gridId, string? mobile, ConsentRecord consent, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserName = mobile,
        PhoneNumber = mobile,
        DisplayName = displayName.Trim(),
        CommunityId = communityId,
        GridId = gridId,
        Consent = consent,
        CreatedAt = now,
        LockoutEnabled = true,
        SecurityStamp = Guid.NewGuid().ToString("N"),
        ConcurrencyStamp = Guid.NewGuid().ToString(),
    };
}
