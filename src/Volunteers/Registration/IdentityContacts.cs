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
}
