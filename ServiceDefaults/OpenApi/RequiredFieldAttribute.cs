namespace Alliance.ServiceDefaults.OpenApi;

/// <summary>
/// Marks a request field the API refuses to do without, so the OpenAPI schema lists it as required
/// and not nullable. It documents only: the field stays nullable in C#, and the service's
/// <c>FieldErrors</c> check is what answers 400 with the rule <c>required</c> when it is missing.
/// Mark only a field that is required whatever the rest of the body says.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class RequiredFieldAttribute : Attribute;
