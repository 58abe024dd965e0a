using Microsoft.OpenApi;

namespace Scholar.Web.ApiReference;

/// <summary>The one shape of every error answer (RFC 9457), as <see cref="Errors.ProblemExceptionHandler"/> and FastEndpoints write it.</summary>
public static class ProblemSchema
{
    public const string Id = "Problem";

    public static OpenApiSchema Create() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details; quote traceId when reporting a problem.",
        Required = new HashSet<string> { "type", "title", "status", "detail" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A stable code, e.g. https://scholar.dev/problems/not-found." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, in a sentence." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "The fields that were refused, when there are any.",
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["name"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["reason"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                },
            },
        },
    };
}
