using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace FactorTrace.Server.Hosting;

/// <summary>
/// The published contract at <c>/openapi/v1.json</c>: the two security schemes (bearer token, API key) on every
/// operation that needs them, the problem schema behind every error status an operation can answer (derived from what
/// the endpoint is: authorised, role-restricted, with a body, with an id, with query parameters), and examples for
/// the main operations. Success statuses come from the handlers' typed results or their <c>Produces</c> metadata.
/// </summary>
internal static class OpenApiSetup
{
    public const string Bearer = "bearer";
    public const string ApiKey = "apiKey";
    private const string ProblemSchema = "Problem";

    public static IServiceCollection AddFactorTraceOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "FactorTrace API";
                document.Info.Description = "Emission factors with quality, uncertainty, licence and provenance; tenants' activity ledgers, imports and calculations.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "POST /api/v1/auth/token with e-mail and password, or with an API key.",
                };
                document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "X-Api-Key",
                    Description = "An API key (ft_<prefix>_<secret>), shown once when it is created.",
                };
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                document.Components.Schemas[ProblemSchema] = Problem();
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var anonymous = metadata.OfType<IAllowAnonymous>().Any();
                var authorize = metadata.OfType<IAuthorizeData>().ToList();
                var method = context.Description.HttpMethod ?? "GET";
                var path = context.Description.RelativePath ?? "";
                operation.Responses ??= new OpenApiResponses();
                if (!anonymous && authorize.Count > 0)
                {
                    operation.Security =
                    [
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] },
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, context.Document)] = [] },
                    ];
                    Error(operation, "401", "No valid token or API key (or its user or key changed since).", context.Document);
                    Error(operation, "403", "The caller's role does not allow this; the problem names the role needed.", context.Document);
                    Error(operation, "429", "The tenant's rate limit was reached (Retry-After).", context.Document);
                }

                if (path.StartsWith("api/v1/auth/token", StringComparison.Ordinal))
                {
                    Error(operation, "401", "The credentials are not valid.", context.Document);
                    Error(operation, "409", "The e-mail and password match accounts in several tenants: send \"tenant\".", context.Document);
                    Error(operation, "429", "Too many sign-ins from this address, or the account is locked for a cool-down (Retry-After).", context.Document);
                }

                if (metadata.OfType<MultipartUpload>().FirstOrDefault() is { } upload)
                {
                    var fields = new Dictionary<string, IOpenApiSchema>
                    {
                        ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The CSV, TSV, XLSX or XLS file." },
                    };
                    foreach (var (name, description) in upload.Fields.Length > 0 ? upload.Fields : [("template", "Optional: a saved mapping template's name.")])
                    {
                        fields[name] = new OpenApiSchema { Type = JsonSchemaType.String, Description = description };
                    }

                    // Documented here rather than with Accepts<>, which would make routing answer 415 before the handler's 404.
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["multipart/form-data"] = new()
                            {
                                Schema = new OpenApiSchema
                                {
                                    Type = JsonSchemaType.Object,
                                    Required = new HashSet<string> { "file" },
                                    Properties = fields,
                                },
                            },
                        },
                    };
                }

                if (operation.RequestBody is not null || method is "POST" or "PUT" or "PATCH")
                {
                    Error(operation, "400", "The body is not valid JSON for this operation, or a required field is missing (the problem names the field).", context.Document);
                    Error(operation, "413", "The body, file or batch is too large.", context.Document);
                    Error(operation, "415", "The body has another media type than the operation accepts.", context.Document);
                    Error(operation, "422", "A field has a value that cannot be used (the problem names the field and suggests values).", context.Document);
                }

                if (method is "POST" or "PUT" or "PATCH" or "DELETE" && path.StartsWith("api/v1/", StringComparison.Ordinal) && !path.StartsWith("api/v1/auth/", StringComparison.Ordinal))
                {
                    Error(operation, "409", "The change conflicts with the current state (a duplicate, the last admin, a concurrent change); the problem says which.", context.Document);
                }

                if (context.Description.ParameterDescriptions.Any(p => p.Source.Id == "Query") || metadata.OfType<QueryParameters>().Any())
                {
                    Error(operation, "400", "A query parameter cannot be read (the problem names it).", context.Document);
                }

                if (path.Contains('{', StringComparison.Ordinal) || metadata.OfType<QueryParameters>().Any(q => q.CanBeNotFound))
                {
                    Error(operation, "404", "No such resource in the caller's tenant (another tenant's id answers the same).", context.Document);
                }

                if (path.StartsWith("api/v1/", StringComparison.Ordinal))
                {
                    Error(operation, "503", "A dependency is unavailable (database, datasets still loading); retry shortly.", context.Document);
                }

                if (Examples.TryGetValue((method, path), out var example) && operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var json))
                {
                    json.Example = JsonNode.Parse(example);
                }

                return Task.CompletedTask;
            });
        });

    private static readonly Dictionary<(string Method, string Path), string> Examples = new()
    {
        [("POST", "api/v1/auth/token")] = """{"email":"admin@localhost","password":"a long passphrase of words"}""",
        [("POST", "api/v1/factors/resolve")] = """{"activity":"fuel.diesel","region":"GB","year":2024,"unit":"L","gwp":"AR6"}""",
        [("POST", "api/v1/estimate")] = """{"activity":"fuel.natural-gas","region":"GB","year":2025,"unit":"kWh","amount":12000}""",
        [("POST", "api/v1/factors/resolve/batch")] = """{"items":[{"activity":"electricity.grid","region":"FR","year":2023,"unit":"kWh"},{"activity":"fuel.diesel","region":"GB","year":2024,"unit":"L"}]}""",
        [("POST", "api/v1/activities")] = """{"activity_id":"fuel.diesel","amount":1000,"unit":"L","date":"2024-03-01","region":"GB","site":"Leeds"}""",
        [("POST", "api/v1/calculations")] = """{"from":"2024-01-01","to":"2024-12-31"}""",
        [("POST", "api/v1/users")] = """{"email":"ana@example.com","password":"a long passphrase of words","role":"editor","name":"Ana"}""",
    };

    /// <summary>Marks an endpoint that takes a multipart file upload (it streams the parts itself); its text fields besides 'file' (default: 'template').</summary>
    internal sealed record MultipartUpload(params (string Name, string Description)[] Fields);

    /// <summary>Marks an endpoint that reads its query string itself (so the generator cannot see it); whether a query can name something missing.</summary>
    internal sealed record QueryParameters(bool CanBeNotFound);

    private static void Error(OpenApiOperation operation, string status, string description, OpenApiDocument? document)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
            },
        };
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 7807 problem details with a stable code.",
        Required = new HashSet<string> { "type", "title", "status", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "https://factortrace.dev/problems/<code>" },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable error code (docs/service.md: Errors)." },
            ["field"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The field or parameter at fault, as a path (items[3].year)." },
            ["suggestions"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            ["request_id"] = new OpenApiSchema { Type = JsonSchemaType.String },
        },
    };
}
