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
    public const string DisplayNamePrefixIndex = "ix_accounts_display_name_prefix";

    /// <summary>ASP.NET Core Identity's own unique index on the normalized user name (the mobile).</summary>
    public const string UserNameIndex = "UserNameIndex";
    public const int MinPasswordLength = 8;

    public string DisplayName { get; set; } = "";

    /// <summary>When the display name was last given (sign-up or an edit), so an erasure older than it leaves it be.</summary>
    public DateTimeOffset DisplayNameSetAt { get; set; }

    /// <summary>When the person erased their personal data; their old name is gone and lists show a placeholder until they give a new one.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    /// <summary>The person's choice to appear on leaderboards and yearly stars without their name.</summary>
    public bool AnonymousOnLeaderboards { get; set; }

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

        CheckDisplayName(errors, displayName);
        return errors;
    }

    /// <summary>A display name is required, at most <see cref="MaxDisplayNameLength"/> characters once trimmed, and has no control characters.</summary>
    public static bool CheckDisplayName(FieldErrors errors, string? displayName)
    {
        if (!errors.Check(!string.IsNullOrWhiteSpace(displayName), "displayName", "required"))
        {
            return false;
        }

        var trimmed = displayName!.Trim();
        return errors.Check(trimmed.Length <= MaxDisplayNameLength, "displayName", "too_long")
            && errors.Check(!trimmed.Any(char.IsControl), "displayName", "control_characters");
    }

    /// <summary>Gives the account a new display name, which also ends an erasure's placeholder.</summary>
    public void Rename(string displayName, DateTimeOffset now)
    {
        DisplayName = displayName.Trim();
        DisplayNameSetAt = now;
        ErasedAt = null;
    }

    /// <summary>
    /// The person erased their personal data at <paramref name="erasedAt"/>: the name they had then goes.
    /// A name given after that moment (the erasure's event came late) is theirs and stays. Returns whether anything changed.
    /// </summary>
    public bool Erase(DateTimeOffset erasedAt)
    {
        if (DisplayNameSetAt > erasedAt || ErasedAt is not null)
        {
            return false;
        }

        DisplayName = "";
        ErasedAt = erasedAt;
        return true;
    }

    public static Account SignUp(string mobile, string displayName, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserName = mobile,
        PhoneNumber = mobile,
        DisplayName = displayName.Trim(),
        DisplayNameSetAt = now,
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
        DisplayNameSetAt = now,
        CommunityId = communityId,
        GridId = gridId,
        Consent = consent,
        CreatedAt = now,
        LockoutEnabled = true,
        SecurityStamp = Guid.NewGuid().ToString("N"),
        ConcurrencyStamp = Guid.NewGuid().ToString(),
    };
}
