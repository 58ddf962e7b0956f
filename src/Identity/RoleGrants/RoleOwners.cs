using Alliance.Contracts.Merchants;
using Alliance.Contracts.Volunteers;

namespace Alliance.Identity.RoleGrants;

/// <summary>
/// The services that own the roles Identity only carries: Volunteers says who is a verified
/// volunteer, Merchants who acts for a merchant. Asked over internal gRPC with Identity's own token.
/// </summary>
internal sealed class RoleOwners(VolunteersService.VolunteersServiceClient volunteers, MerchantsService.MerchantsServiceClient merchants)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    /// <summary>How many role events of one kind are asked about at once.</summary>
    public const int ConcurrentQuestions = 4;

    public const string VolunteersService = "alliance.volunteers.v1.VolunteersService";
    public const string MerchantsService = "alliance.merchants.v1.MerchantsService";

    /// <summary>Verified and not suspended; an unknown or erased volunteer is not.</summary>
    public async Task<bool> IsVerifiedVolunteerAsync(Guid volunteerId, CancellationToken ct) =>
        (await volunteers.IsVerifiedAsync(new IsVerifiedRequest { VolunteerId = volunteerId.ToString() }, cancellationToken: ct)).Verified;

    /// <summary>On the merchant's staff, and the merchant verified (a suspended merchant's staff act for it no more).</summary>
    public async Task<bool> IsStaffAsync(Guid merchantId, Guid accountId, CancellationToken ct) =>
        (await merchants.IsStaffAsync(new IsStaffRequest { MerchantId = merchantId.ToString(), AccountId = accountId.ToString() }, cancellationToken: ct)).Staff;
}
