namespace Alliance.Identity.RoleGrants;

/// <summary>
/// An account's roles and the scope each is bound to. A scoped role (community admin, grid
/// worker, merchant staff) exists only with at least one binding: it comes with its first and
/// goes with its last. <see cref="RoleStore"/> loads it and saves what changed.
/// </summary>
internal sealed class AccountRoles
{
    private readonly HashSet<string> roles;
    private readonly Dictionary<string, SortedSet<string>> scopes = new(StringComparer.Ordinal);

    public AccountRoles(IEnumerable<string> roles, IEnumerable<(string Type, string Value)> claims)
    {
        this.roles = new HashSet<string>(roles, StringComparer.Ordinal);
        foreach (var (type, value) in claims)
        {
            ScopeSet(type).Add(value);
        }
    }

    public bool Has(string role) => roles.Contains(role);

    /// <summary>The communities, cells or merchants the role is bound to (empty for an unscoped role).</summary>
    public IReadOnlyCollection<string> ScopeOf(string role) =>
        ScopeClaims.For(role) is { } type && roles.Contains(role) ? ScopeSet(type) : [];

    /// <summary>Grants the role, bound to these communities, cells or merchants if it is scoped.</summary>
    public RoleChange Grant(string role, IEnumerable<string> scope)
    {
        var type = ScopeClaims.For(role);
        var values = scope.Distinct(StringComparer.Ordinal).ToList();
        if (type is not null && values.Count == 0)
        {
            throw new ArgumentException($"The {role} role is granted only with a scope.", nameof(scope));
        }

        var roleAdded = roles.Add(role);
        var added = type is null ? [] : values.Where(ScopeSet(type).Add).ToList();
        return new RoleChange(role, type, roleAdded, RoleRemoved: false, added, []);
    }

    /// <summary>Removes these bindings, or every one when <paramref name="scope"/> is null; a scoped role goes with its last.</summary>
    public RoleChange Revoke(string role, IEnumerable<string>? scope)
    {
        if (!roles.Contains(role))
        {
            return new RoleChange(role, ScopeClaims.For(role), false, false, [], []);
        }

        var type = ScopeClaims.For(role);
        if (type is null)
        {
            roles.Remove(role);
            return new RoleChange(role, null, false, RoleRemoved: true, [], []);
        }

        var held = ScopeSet(type);
        var removed = (scope ?? held.ToList()).Distinct(StringComparer.Ordinal).Where(held.Remove).ToList();
        var roleRemoved = held.Count == 0 && roles.Remove(role);
        return new RoleChange(role, type, false, roleRemoved, [], removed);
    }

    private SortedSet<string> ScopeSet(string type)
    {
        if (!scopes.TryGetValue(type, out var set))
        {
            scopes[type] = set = new SortedSet<string>(StringComparer.Ordinal);
        }

        return set;
    }
}

/// <summary>What a grant or revocation changed, for <see cref="RoleStore"/> to save.</summary>
internal sealed record RoleChange(
    string Role, string? ClaimType, bool RoleAdded, bool RoleRemoved, IReadOnlyList<string> ScopeAdded, IReadOnlyList<string> ScopeRemoved)
{
    public bool IsNone => !RoleAdded && !RoleRemoved && ScopeAdded.Count == 0 && ScopeRemoved.Count == 0;
}
