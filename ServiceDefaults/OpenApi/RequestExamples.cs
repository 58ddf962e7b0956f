using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Alliance.ServiceDefaults.OpenApi;

/// <summary>Puts the body type's <see cref="RequestExampleAttribute"/> on the operation's request body.</summary>
internal static class RequestExamples
{
    public static Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var body = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body);
        if (body?.Type.GetCustomAttribute<RequestExampleAttribute>() is not { } example || operation.RequestBody?.Content is not { } content)
        {
            return Task.CompletedTask;
        }

        foreach (var media in content.Values)
        {
            media.Example = JsonNode.Parse(example.Json);
        }

        return Task.CompletedTask;
    }
}
