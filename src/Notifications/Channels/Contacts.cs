using Alliance.Contracts.Identity;
using Grpc.Core;

namespace Alliance.Notifications.Channels;

/// <summary>
/// Where a person can be reached, asked of Identity's internal <c>GetContact</c> when a notice goes
/// out (never kept here). An Identity that does not answer throws, so the delivery is tried again.
/// </summary>
internal sealed class Contacts(IdentityService.IdentityServiceClient identity)
{
    /// <summary>The person's contact; null for an account Identity does not know.</summary>
    public async Task<PersonContact?> OfAsync(Guid person, CancellationToken ct)
    {
        try
        {
            var contact = await identity.GetContactAsync(new GetContactRequest { AccountId = person.ToString() }, cancellationToken: ct);
            // Identity keeps no WeChat openid yet: the WeChat channel reaches no one until it does.
            return new PersonContact(string.IsNullOrEmpty(contact.Mobile) ? null : contact.Mobile, WeChatOpenId: null);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }
}
