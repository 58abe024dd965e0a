using System.Reflection;
using System.Text.Json;
using FastEndpoints;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.OpenApi;
using Scholar.Web.Errors;
using Scholar.Web.Idempotency;
using Scholar.Web.Modules;

namespace Scholar.Web.ApiReference;

/// <summary>
/// Completes each operation from its endpoint's metadata, which the built-in generator does not read for
/// FastEndpoints: path and query parameters (from the route and the request type), the Idempotency-Key
/// header, the security requirement of its policy, the problems it can answer with, and its app as tag.
/// </summary>
public sealed class OperationContract : IOpenApiOperationTransformer
{
    public const string ProblemMediaType = "application/problem+json";

    /// <summary>The tag of endpoints every process serves (who am I, info).</summary>
    public const string EveryAppTag = "every app";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var definition = metadata.OfType<EndpointDefinition>().FirstOrDefault();
        var requestType = definition?.ReqDtoType is { } type && type != typeof(EmptyRequest) ? type : null;
        var route = RoutePatternFactory.Parse("/" + (context.Description.RelativePath ?? "").TrimStart('/'));
        var method = context.Description.HttpMethod ?? HttpMethods.Get;

        var problems = new SortedSet<int>(metadata.OfType<ProblemStatuses>().SelectMany(p => p.Statuses));
        if (await AddInputAsync(operation, context, route, method, requestType, metadata, cancellationToken))
        {
            problems.Add(StatusCodes.Status400BadRequest);
        }

        if (operation.RequestBody is not null)
        {
            problems.Add(StatusCodes.Status413PayloadTooLarge);
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            problems.Add(StatusCodes.Status429TooManyRequests);
        }

        if (SecuritySchemes.RequirementsFor(metadata, context.Document!) is { Count: > 0 } requirements)
        {
            operation.Security = requirements;
            problems.Add(StatusCodes.Status401Unauthorized);
            problems.Add(StatusCodes.Status403Forbidden);
        }

        SetProblems(operation, context.Document!, method, problems);
        if (definition is not null)
        {
            operation.Tags = new HashSet<OpenApiTagReference> { new(AppOwnership.AppOf(definition.EndpointType) ?? EveryAppTag, context.Document) };
        }
    }

    /// <summary>Adds the route's, the query's and the headers' parameters; true when binding them or the body can fail (400).</summary>
    private static async Task<bool> AddInputAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, RoutePattern route,
        string method, Type? requestType, IList<object> metadata, CancellationToken ct)
    {
        var properties = requestType?.GetProperties(BindingFlags.Public | BindingFlags.Instance) ?? [];
        var fromRoute = properties.Where(p => route.Parameters.Any(r => r.Name.Equals(p.Name, StringComparison.OrdinalIgnoreCase))).ToList();
        var mayFail = false;
        operation.Parameters ??= [];
        foreach (var parameter in route.Parameters)
        {
            var property = fromRoute.FirstOrDefault(p => p.Name.Equals(parameter.Name, StringComparison.OrdinalIgnoreCase));
            var constrained = parameter.ParameterPolicies.Count > 0;
            var type = property?.PropertyType
                ?? (parameter.ParameterPolicies.Any(p => p.Content == "guid") ? typeof(Guid) : typeof(string));

            // A constrained parameter that does not parse is a 404 (no route matches), not a binding failure.
            mayFail |= !constrained && type != typeof(string);
            Add(operation, new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = await context.GetOrCreateSchemaAsync(type, null, ct),
            });
        }

        // FastEndpoints binds the query to a GET's request type, and [QueryParam] properties on any verb.
        var fromQuery = properties.Except(fromRoute)
            .Where(p => HttpMethods.IsGet(method) || p.GetCustomAttribute<QueryParamAttribute>() is not null)
            .ToList();
        foreach (var property in fromQuery)
        {
            mayFail = true;
            Add(operation, new OpenApiParameter
            {
                Name = JsonNamingPolicy.CamelCase.ConvertName(property.Name),
                In = ParameterLocation.Query,
                Schema = await context.GetOrCreateSchemaAsync(property.PropertyType, null, ct),
            });
        }

        if (metadata.OfType<IdempotencyKeyHeader>().FirstOrDefault() is { } idempotency)
        {
            mayFail |= idempotency.Required;
            Add(operation, new OpenApiParameter
            {
                Name = IdempotentResponder.HeaderName,
                In = ParameterLocation.Header,
                Required = idempotency.Required,
                Description = idempotency.Required
                    ? "A unique value (e.g. a UUID) per request; reuse it only to retry the same request, whose stored answer is replayed."
                    : "Optional: with one, a retry of the same request is answered with the stored answer instead of running again.",
                Schema = await context.GetOrCreateSchemaAsync(typeof(string), null, ct),
            });
        }

        var bodyProperties = properties.Except(fromRoute).Except(fromQuery).ToList();
        if (operation.RequestBody is not null && requestType is not null && bodyProperties.Count == 0)
        {
            // Everything the request type holds comes from the route or the query: there is no body to send.
            operation.RequestBody = null;
        }
        else if (operation.RequestBody?.Content is { } content && fromRoute.Count > 0)
        {
            foreach (var media in content.Values)
            {
                media.Schema = WithoutProperties(await context.GetOrCreateSchemaAsync(requestType!, null, ct), fromRoute);
            }
        }

        return mayFail || operation.RequestBody is not null;
    }

    /// <summary>The body's schema without the members bound from the route (FastEndpoints would override them).</summary>
    private static OpenApiSchema WithoutProperties(OpenApiSchema schema, IEnumerable<PropertyInfo> properties)
    {
        var names = properties.Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var body = (OpenApiSchema)schema.CreateShallowCopy();
        body.Properties = schema.Properties?.Where(p => !names.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        body.Required = schema.Required?.Where(r => !names.Contains(r)).ToHashSet();
        return body;
    }

    private static void Add(OpenApiOperation operation, OpenApiParameter parameter)
    {
        if (!operation.Parameters!.Any(p => p.Name == parameter.Name && p.In == parameter.In))
        {
            operation.Parameters!.Add(parameter);
        }
    }

    /// <summary>Every 4xx answer is an RFC 9457 problem: the declared and implied statuses, each with the one problem schema.</summary>
    private static void SetProblems(OpenApiOperation operation, OpenApiDocument document, string method, IEnumerable<int> statuses)
    {
        operation.Responses ??= [];
        var codes = statuses.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Union(operation.Responses.Keys.Where(k => k.StartsWith('4')))
            .ToList();
        foreach (var code in codes)
        {
            var status = int.Parse(code, System.Globalization.CultureInfo.InvariantCulture);
            var response = new OpenApiResponse
            {
                Description = StatusProblemDetails.DetailFor(method, status),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemMediaType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema.Id, document) },
                },
            };
            if (status == StatusCodes.Status429TooManyRequests)
            {
                response.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before trying again.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                    },
                };
            }

            operation.Responses[code] = response;
        }
    }
}
