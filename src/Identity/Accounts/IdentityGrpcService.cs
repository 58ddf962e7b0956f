using Alliance.Contracts.Identity;
using Alliance.ServiceDefaults.Grpc;
using Alliance.ServiceDefaults.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Identity;

namespace Alliance.Identity.Accounts;

/// <summary>The one source of a person's mobile, for services whose rules let them show it, and of who is an assisted resident where.</summary>
internal sealed class IdentityGrpcService(UserManager<Account> users) : IdentityService.IdentityServiceBase
{
    /// <summary>Volunteers and Needs show a contact where their rules allow; no other service needs a mobile.</summary>
    [InternalCallers("volunteers", "needs")]
    public override async Task<ContactReply> GetContact(GetContactRequest request, ServerCallContext context)
    {
        var id = GrpcIds.Parse(request.AccountId, "account_id");

        var account = await users.FindByIdAsync(id.ToString())
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No account has this id."));

        return new ContactReply
        {
            AccountId = account.Id.ToString(),
            Mobile = account.PhoneNumber ?? "",
            DisplayName = account.DisplayName,
            Assisted = account.IsAssisted && account.PasswordHash is null,
            CommunityId = account.CommunityId ?? "",
            GridId = account.GridId ?? "",
        };
    }
}
