using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Alliance.Contracts.Identity;
using Alliance.Identity.Data;
using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Idempotency;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Alliance.Identity.PartnerClients;

/// <summary>The one time the secret is shown: Identity keeps only its hash.</summary>
internal sealed record PartnerClientResponse(string ClientId, string ClientSecret, Guid MerchantId, bool Rotated);

/// <summary>
/// A street admin issues a verified merchant's partner-system client (client_credentials, audience
/// alliance-api), whose tokens carry the merchant's <c>merchant_id</c>. One client per merchant: issuing
/// again rotates its secret, and the old secret and every token it got stop working at once (the way
/// to replace a lost secret); revoking removes the client, and its tokens stop working too
/// (<see cref="PartnerClientRevoked"/>, which Merchants and Needs check tokens against).
/// </summary>
internal static class PartnerClientsApi
{
    /// <summary>The application property that binds an issued client to its merchant (configured clients use Identity:Clients instead).</summary>
    public const string MerchantProperty = "merchant_id";
    public const string StreetAdminOnly = "street_admin_only";
    public const string MerchantNotVerified = "merchant_not_verified";
    public const string ClientNotFound = "partner_client_not_found";

    public static IEndpointRouteBuilder MapPartnerClientsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/identity/merchants/{merchantId:guid}/partner-client", IssueAsync).WithTags("Partner clients")
            .WithName("IssuePartnerClient")
            .WithSummary("A street admin issues the partner-system client of a merchant Merchants verified: client id merchant-<id>, and a "
                + "secret shown only in this answer (201). Issuing again rotates the secret (200, rotated: true); the old one stops working. "
                + "Other admins are refused; a merchant Identity has not heard verified is a conflict. The secret is never stored: an "
                + "Idempotency-Key replay answers with clientSecret null and Idempotent-Withheld: clientSecret (issue again to rotate a lost one).")
            .Access(AccessClass.ScopedAdmin)
            .ShownOnce("clientSecret")
            .ProducesProblems(StatusCodes.Status403Forbidden, StreetAdminOnly)
            .ProducesProblems(StatusCodes.Status409Conflict, MerchantNotVerified);

        app.MapDelete("/identity/merchants/{merchantId:guid}/partner-client", RevokeAsync).WithTags("Partner clients")
            .WithName("RevokePartnerClient")
            .WithSummary("A street admin revokes a merchant's partner-system client (204): it gets no more tokens, and the tokens it has stop "
                + "working in every service at once (PartnerClientRevoked). Issuing again later makes a new secret. "
                + "Other admins are refused; a merchant without a client is not found.")
            .Access(AccessClass.ScopedAdmin)
            .ProducesProblems(StatusCodes.Status403Forbidden, StreetAdminOnly)
            .ProducesProblems(StatusCodes.Status404NotFound, ClientNotFound);
        return app;
    }

    public static string ClientIdOf(Guid merchantId) => $"merchant-{merchantId:N}";

    /// <summary>The merchant an issued client is bound to, or null for any other client.</summary>
    public static async Task<Guid?> MerchantOfAsync(IOpenIddictApplicationManager applications, string? clientId, CancellationToken ct)
    {
        if (clientId is null || await applications.FindByClientIdAsync(clientId, ct) is not { } application)
        {
            return null;
        }

        var properties = await applications.GetPropertiesAsync(application, ct);
        return properties.TryGetValue(MerchantProperty, out var value) && value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id)
            ? id
            : null;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid merchantId, ClaimsPrincipal caller, IdentityDbContext db, IOpenIddictApplicationManager applications,
        TimeProvider time, ILogger<PartnerClientResponse> logger, CancellationToken ct)
    {
        if (!caller.IsStreetAdmin())
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, StreetAdminOnly, "Only a street admin revokes partner-system clients.");
        }

        var clientId = ClientIdOf(merchantId);
        if (await applications.FindByClientIdAsync(clientId, ct) is not { } application)
        {
            return ApiProblems.NotFound(ClientNotFound, "This merchant has no partner-system client.");
        }

        // One transaction (OpenIddict's store works on this same context): the client never goes without its event.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await applications.DeleteAsync(application, ct);
        var cutoff = await PublishRevokedAsync(db, clientId, merchantId, time, ct);
        await transaction.CommitAsync(ct);
        await WaitPastAsync(cutoff, time, ct);
        logger.LogInformation("Partner client {ClientId} of merchant {MerchantId} revoked by {AdminId}", clientId, merchantId, caller.AccountId());
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Tells the services that take partner tokens that this client's tokens issued before the cut-off no
    /// longer work: the whole second after the next, so that a token minted before the change commits
    /// (<c>iat</c> is in whole seconds) falls under it. Returns the cut-off.
    /// </summary>
    internal static async Task<DateTimeOffset> PublishRevokedAsync(IdentityDbContext db, string clientId, Guid merchantId, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var cutoff = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(2);
        db.Publish(new PartnerClientRevoked(Guid.CreateVersion7(now), now, null, clientId, merchantId, cutoff));
        await db.SaveChangesAsync(ct);
        return cutoff;
    }

    /// <summary>
    /// Answers only once the cut-off has passed, so that a token the partner asks for with its new
    /// secret (or after a reissue) is minted at or after it and keeps working. At most two seconds.
    /// </summary>
    private static async Task WaitPastAsync(DateTimeOffset cutoff, TimeProvider time, CancellationToken ct)
    {
        var left = cutoff - time.GetUtcNow() + TimeSpan.FromMilliseconds(20);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left, time, ct);
        }
    }

    private static async Task<Results<Created<PartnerClientResponse>, Ok<PartnerClientResponse>, ProblemHttpResult>> IssueAsync(
        Guid merchantId, ClaimsPrincipal caller, IdentityDbContext db, IOpenIddictApplicationManager applications,
        TimeProvider time, ILogger<PartnerClientResponse> logger, CancellationToken ct)
    {
        if (!caller.IsStreetAdmin())
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, StreetAdminOnly, "Only a street admin issues partner-system clients.");
        }

        if (!await db.VerifiedMerchants.AnyAsync(m => m.MerchantId == merchantId, ct))
        {
            return ApiProblems.Conflict(MerchantNotVerified, "Merchants has not verified this business (or Identity has not heard yet).");
        }

        var clientId = ClientIdOf(merchantId);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = $"Partner system of merchant {merchantId}",
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + Audiences.Api },
            Properties = { [MerchantProperty] = JsonSerializer.SerializeToElement(merchantId.ToString()) },
        };
        DateTimeOffset? cutoff = null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var existing = await applications.FindByClientIdAsync(clientId, ct);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, ct);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, ct);
            // Tokens got with the old secret go with it.
            cutoff = await PublishRevokedAsync(db, clientId, merchantId, time, ct);
        }

        await transaction.CommitAsync(ct);
        if (cutoff is { } revokedUpTo)
        {
            await WaitPastAsync(revokedUpTo, time, ct);
        }

        logger.LogInformation("Partner client {ClientId} {Action} for merchant {MerchantId} by {AdminId}",
            clientId, existing is null ? "issued" : "rotated", merchantId, caller.AccountId());
        var response = new PartnerClientResponse(clientId, secret, merchantId, existing is not null);
        return existing is null ? TypedResults.Created($"/identity/merchants/{merchantId}/partner-client", response) : TypedResults.Ok(response);
    }
}
