using System.Text.Json.Serialization.Metadata;
using FastEndpoints;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scholar.Application.Hosting;
using Scholar.Web.Modules;

namespace Scholar.Web.ApiReference;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> (ADR 0051): the built-in generator, completed by
/// <see cref="OperationContract"/> and <see cref="SecuritySchemes"/> from the endpoints' own metadata.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    /// <summary>Only the documents registered here: any other name is a routing 404 problem, not the generator's text/plain.</summary>
    public const string DocumentRoute = "/openapi/{documentName:regex(^v1$)}.json";

    public static IServiceCollection AddScholarOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.CreateSchemaReferenceId = SchemaId;
            options.AddOperationTransformer<OperationContract>();
            options.AddDocumentTransformer<SecuritySchemes>();
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Scholar";
                document.Components ??= new OpenApiComponents();
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                document.Components.Schemas[ProblemSchema.Id] = ProblemSchema.Create();
                document.Tags = document.Paths.Values
                    .SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
                    .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
                    .Select(t => t.Name)
                    .OfType<string>()
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)
                    .Select(name => new OpenApiTag { Name = name })
                    .ToHashSet();
                return Task.CompletedTask;
            });
        });

        // A process documents the apps it serves: the others' routes answer 404 there (SCHOLAR_APPS).
        services.AddOptions<OpenApiOptions>(DocumentName).Configure<HostedApps>((options, apps) =>
        {
            var inGroup = options.ShouldInclude;
            options.ShouldInclude = description => inGroup(description) && IsServed(description, apps);
        });
        return services;
    }

    private static bool IsServed(ApiDescription description, HostedApps apps) =>
        description.ActionDescriptor.EndpointMetadata.OfType<EndpointDefinition>().FirstOrDefault() is not { } definition
        || AppOwnership.IsServedBy(definition.EndpointType, apps);

    /// <summary>
    /// Feature folders each have their own <c>Request</c> and <c>Response</c>: prefixed with the use case
    /// (<c>RefundPaymentRequest</c>), or every request body would share one schema.
    /// </summary>
    private static string? SchemaId(JsonTypeInfo type)
    {
        var id = OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        const string features = "Scholar.Web.Features.";
        var ns = type.Type.Namespace ?? "";
        if (id is null || !ns.StartsWith(features, StringComparison.Ordinal))
        {
            return id;
        }

        var useCase = ns[(ns.LastIndexOf('.') + 1)..];
        return id.StartsWith(useCase, StringComparison.Ordinal) ? id : useCase + id;
    }
}
