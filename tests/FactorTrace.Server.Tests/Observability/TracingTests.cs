using System.Net;
using FactorTrace.Server.Tests.Doubles;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using static FactorTrace.Server.Tests.ApiCalls;

namespace FactorTrace.Server.Tests.Observability;

/// <summary>Traces over OTLP to a collector (a real HTTP server on 127.0.0.1 standing in for one).</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task Resolve_WithAnOtlpEndpoint_RequestAndResolutionSpansReachTheCollector()
    {
        await using var collector = await StubHttpServer.StartAsync();
        collector.Handler = context =>
        {
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        };
        await using var service = await ServiceInstance.StartAsync(new Dictionary<string, string>
        {
            ["FactorTrace:Telemetry:OtlpEndpoint"] = collector.Address.ToString(),
            ["FactorTrace:Telemetry:ServiceName"] = "factortrace-test",
        });
        using var client = service.Client(await service.TokenAsync());
        await SendAsync(client, HttpMethod.Post, "/api/v1/factors/resolve", new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L" }, HttpStatusCode.OK);

        Assert.True(service.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        var exports = collector.Seen.Where(s => s.Method == "POST" && s.PathAndQuery == "/v1/traces").Select(s => s.Body).ToList();
        Assert.NotEmpty(exports);
        var all = string.Concat(exports);
        Assert.Contains("factortrace-test", all, StringComparison.Ordinal);
        Assert.Contains("/api/v1/factors/resolve", all, StringComparison.Ordinal); // the request's span
        Assert.Contains("factor.resolve", all, StringComparison.Ordinal); // the broker's span inside it
        Assert.Contains("factortrace.source", all, StringComparison.Ordinal); // with where the answer came from
    }

    [Fact]
    public async Task Service_WithoutAnOtlpEndpoint_HasNoTracer()
    {
        await using var service = await ServiceInstance.StartAsync();
        Assert.Null(service.Services.GetService<TracerProvider>());
    }
}
