namespace Alliance.ServiceDefaults.Problems;

/// <summary>
/// Field errors collected while checking a request: each field maps to the codes of the rules it
/// broke (<c>required</c>, <c>mobile_format</c>, <c>unknown_community</c>), never to prose.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsEmpty => errors.Count == 0;

    public FieldErrors Add(string field, string rule)
    {
        if (!errors.TryGetValue(field, out var rules))
        {
            errors[field] = rules = [];
        }

        rules.Add(rule);
        return this;
    }

    /// <summary>Adds the rule when the condition fails; returns whether it held.</summary>
    public bool Check(bool condition, string field, string rule)
    {
        if (!condition)
        {
            Add(field, rule);
        }

        return condition;
    }

    public IDictionary<string, string[]> ToDictionary() =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
