using Alliance.Contracts.Identity;
using Alliance.Contracts.Validation;
using Grpc.Core;

namespace Alliance.Volunteers.Registration;

/// <summary>Asks Identity's internal <c>GetContact</c> for a volunteer's mobile; a slow or absent Identity costs the phone, never the answer.</summary>
internal sealed class IdentityContacts(IdentityService.IdentityServiceClient identity, ILogger<IdentityContacts> logger)
{
    /// <summary>Short: the record is worth showing without the phone rather than late.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);

    public async Task<PhoneView> PhoneAsync(Guid accountId, bool masked, CancellationToken ct)
    {
        try
        {
            var contact = await identity.GetContactAsync(new GetContactRequest { AccountId = accountId.ToString() }, cancellationToken: ct);
            return string.IsNullOrEmpty(contact.Mobile)
                ? new PhoneView(null, PhoneStatus.None)
                : masked ? new PhoneView(ChineseFormats.MaskMobile(contact.Mobile), PhoneStatus.Masked) : new PhoneView(contact.Mobile, PhoneStatus.Shown);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return new PhoneView(null, PhoneStatus.None);
        }
        catch (Exception ex) when (ex is RpcException or HttpRequestException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Identity gave no contact for {AccountId}: {Error}", accountId, ex.Message);
            return new PhoneView(null, PhoneStatus.Unavailable);
        }
    }

    /// <summary>
    /// Whether the account exists, with its display name and mobile, and for an assisted account where
    /// its resident lives; <see cref="AccountLookup.Unavailable"/> when Identity did not answer.
    /// </summary>
    public async Task<AccountLookup> LookUpAsync(Guid accountId, CancellationToken ct)
    {
        try
        {
            var contact = await identity.GetContactAsync(new GetContactRequest { AccountId = accountId.ToString() }, cancellationToken: ct);
            return new AccountLookup(true, contact.DisplayName, NullIfEmpty(contact.Mobile))
            {
                Assisted = contact.Assisted,
                CommunityId = NullIfEmpty(contact.CommunityId),
                GridId = NullIfEmpty(contact.GridId),
            };
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return new AccountLookup(false, null, null);
        }
        catch (Exception ex) when (ex is RpcException or HttpRequestException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Identity did not look up {AccountId}: {Error}", accountId, ex.Message);
            return AccountLookup.Unavailable;
        }
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>An account as Identity knows it: <c>Exists</c> is null when Identity could not be asked.</summary>
internal sealed record AccountLookup(bool? Exists, string? DisplayName, string? Mobile)
{
    public static readonly AccountLookup Unavailable = new(null, null, null);

    /// <summary>Made for a resident who is not online: consent recorded, no password.</summary>
    public bool Assisted { get; init; }

    /// <summary>Where an assisted account's resident lives; null for an account that signed itself up.</summary>
    public string? CommunityId { get; init; }

    public string? GridId { get; init; }
}
