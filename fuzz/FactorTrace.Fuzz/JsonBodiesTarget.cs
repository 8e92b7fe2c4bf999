using FactorTrace.Data.Ledger;
using FactorTrace.Import;
using FactorTrace.Import.Storage;
using FactorTrace.Server.Caching;
using FactorTrace.Server.Factors;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Identity;
using FactorTrace.Server.Imports;
using FactorTrace.Server.Ledger;
using FactorTrace.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FactorTrace.Fuzz;

/// <summary>
/// The API's JSON request binders: the first byte picks a request type, the rest is the body, read by
/// <see cref="JsonBody.ReadAsync{T}"/> with the server's options (or, for the resolve and estimate batches,
/// <see cref="JsonBody.ReadPooledAsync"/> and <see cref="BatchParser"/>), then the pure checks the endpoint runs on the bound
/// value. A problem result is the expected answer to a bad body; an exception escaping would be a 500.
/// </summary>
internal static class JsonBodiesTarget
{
    private const int MaxBatchItems = 100;

    private static readonly Func<HttpRequest, Task>[] Binders =
    [
        request => Bind<TokenRequest>(request),
        request => Bind<CreateUserRequest>(request),
        request => Bind<UpdateUserRequest>(request),
        request => Bind<CreateApiKeyRequest>(request),
        request => Bind<CreateTenantRequest>(request),
        request => Bind<SettingsRequest>(request),
        request => Bind<BrokerHealthEndpoints.InvalidateBody>(request),
        request => Bind<CalculationBody>(request),
        request => Bind<MappingChange>(request),
        request => Bind<CellsBody>(request),
        async request =>
        {
            if (await Bind<TemplateBody>(request).ConfigureAwait(false) is { Mapping: { } mapping })
            {
                try
                {
                    ImportService.CheckTemplate(mapping);
                }
                catch (ImportException ex)
                {
                    Outcome.Refused?.Invoke($"{ex.Code}: {ex.Message}");
                }
            }
        },
        async request =>
        {
            if (await Bind<ActivityBody>(request).ConfigureAwait(false) is { } body)
            {
                ActivityValidation.Validate(body);
            }
        },
        async request =>
        {
            if (await Bind<ActivityBatchBody>(request).ConfigureAwait(false) is { Items: { } items })
            {
                foreach (var item in items)
                {
                    if (item is not null)
                    {
                        ActivityValidation.Validate(item);
                    }
                }
            }
        },
        async request => (await Bind<PrivateFactorBody>(request).ConfigureAwait(false))?.Validate(),
        async request => (await Bind<ResolveBody>(request).ConfigureAwait(false))?.ToRequest(),
        async request => (await Bind<EstimateBody>(request).ConfigureAwait(false))?.ToRequest(),
        async request =>
        {
            var (items, _) = await Batch<ResolveBody>(request).ConfigureAwait(false);
            foreach (var item in items ?? [])
            {
                item.Result?.ToRequest();
            }
        },
        async request =>
        {
            var (items, _) = await Batch<EstimateBody>(request).ConfigureAwait(false);
            foreach (var item in items ?? [])
            {
                item.Result?.ToRequest();
            }
        },
    ];

    public static void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = input.Length - 1;
        context.Request.Body = new MemoryStream(input, 1, input.Length - 1, writable: false);
        Binders[input[0] % Binders.Length](context.Request).GetAwaiter().GetResult();
    }

    private static async Task<T?> Bind<T>(HttpRequest request)
        where T : class
    {
        var body = await JsonBody.ReadAsync<T>(request, CancellationToken.None).ConfigureAwait(false);
        Report(body.Problem);
        return body.Value;
    }

    private static async Task<(List<BatchItem<T>>? Items, ProblemHttpResult? Problem)> Batch<T>(HttpRequest request)
        where T : class
    {
        using var body = await JsonBody.ReadPooledAsync(request, CancellationToken.None).ConfigureAwait(false);
        Report(body.Problem);
        var (items, problem) = body.Problem is null ? BatchParser.Parse<T>(body.Span, MaxBatchItems) : (null, body.Problem);
        Report(problem);
        return (items, problem);
    }

    private static void Report(ProblemHttpResult? problem)
    {
        if (problem is not null && Outcome.Refused is { } refused)
        {
            refused($"{problem.StatusCode} {problem.ProblemDetails.Detail}");
        }
    }
}
