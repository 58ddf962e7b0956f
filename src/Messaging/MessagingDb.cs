using Microsoft.EntityFrameworkCore;

namespace Alliance.Messaging;

/// <summary>The service's own DbContext, seen by the building block's endpoints without its type.</summary>
public sealed record MessagingDb(DbContext Context);
