using Alliance.Contracts.Identity;
using Grpc.Core;

namespace Alliance.Needs.Contacts;

/// <summary>A person's mobile from Identity's internal <c>GetContact</c>; a slow or absent Identity costs the phone, never the answer.</summary>
internal sealed class RequesterContacts(IdentityService.IdentityServiceClient identity, ILogger<RequesterContacts> logger)
{
    /// <summary>Short: a need is worth showing without the phone rather than late.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);

    /// <summary>The mobile, or null when the account has none, is unknown, or Identity did not answer.</summary>
    public async Task<string?> PhoneAsync(Guid accountId, CancellationToken ct)
    {
        try
        {
            var contact = await identity.GetContactAsync(new GetContactRequest { AccountId = accountId.ToString() }, cancellationToken: ct);
            return string.IsNullOrEmpty(contact.Mobile) ? null : contact.Mobile;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (ex is RpcException or HttpRequestException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Identity gave no contact for {AccountId}: {Error}", accountId, ex.Message);
            return null;
        }
    }

    /// <summary>
    /// What Identity says of an account a need would be posted for: whether it is an assisted account and
    /// where its resident lives (<see cref="ResidentRecord.Unknown"/> for no such account); null when
    /// Identity could not be asked.
    /// </summary>
    public async Task<ResidentRecord?> ResidentAsync(Guid accountId, CancellationToken ct)
    {
        try
        {
            var contact = await identity.GetContactAsync(new GetContactRequest { AccountId = accountId.ToString() }, cancellationToken: ct);
            return new ResidentRecord(contact.Assisted, contact.CommunityId, contact.GridId);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return ResidentRecord.Unknown;
        }
        catch (Exception ex) when (ex is RpcException or HttpRequestException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Identity did not look up {AccountId}: {Error}", accountId, ex.Message);
            return null;
        }
    }
}

/// <summary>An account as a poster sees it: assisted (made for a resident who is not online) or not, and where an assisted resident lives.</summary>
internal sealed record ResidentRecord(bool Assisted, string CommunityId, string GridId)
{
    public static readonly ResidentRecord Unknown = new(false, "", "");
}
