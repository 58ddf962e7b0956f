using Microsoft.EntityFrameworkCore;

namespace Alliance.ServiceDefaults.Idempotency;

/// <summary>
/// A POST that carried an <c>Idempotency-Key</c>: who sent it (their <c>sub</c> or client id), the
/// key, a hash of what was sent, and, once answered, the answer to replay for 24 hours.
/// </summary>
public sealed class IdempotentRequest
{
    public string Scope { get; set; } = "";

    public string Key { get; set; } = "";

    public byte[] RequestHash { get; set; } = [];

    public int? StatusCode { get; set; }

    public string? ContentType { get; set; }

    public string? Location { get; set; }

    public byte[]? Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

public static class IdempotencyModel
{
    public const string Table = "idempotency_keys";

    /// <summary>The table the Idempotency-Key middleware keeps its answers in; every service's model has it.</summary>
    public static ModelBuilder AddIdempotencyTable(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IdempotentRequest>(request =>
        {
            request.ToTable(Table);
            request.HasKey(r => new { r.Scope, r.Key });
            request.Property(r => r.Scope).HasMaxLength(100);
            request.Property(r => r.Key).HasMaxLength(IdempotencyMiddleware.MaxKeyLength);
            request.Property(r => r.ContentType).HasMaxLength(200);
            request.Property(r => r.Location).HasMaxLength(500);
            request.HasIndex(r => r.CreatedAt);
        });
        return modelBuilder;
    }
}
