using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace FactorTrace.Server.Tests.Doubles;

/// <summary>Misbehaviour a double can be told to show: for the next requests in turn, or for every request.</summary>
public sealed class HttpFaults
{
    /// <summary>Faults for the next requests, one each, in order.</summary>
    public ConcurrentQueue<Func<HttpContext, Task>> Next { get; } = new();

    /// <summary>A fault for every request while set (after <see cref="Next"/> is used up).</summary>
    public Func<HttpContext, Task>? Always { get; set; }

    /// <summary>The fault for this request, if any.</summary>
    public Func<HttpContext, Task>? Take() => Next.TryDequeue(out var fault) ? fault : Always;

    public static Func<HttpContext, Task> Status(int status, string? retryAfter = null) => context =>
    {
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return StubHttpServer.Json(context, """{"error":"busy"}""", status);
    };

    /// <summary>Answers nothing until the client gives up (or the server stops).</summary>
    public static Func<HttpContext, Task> Hang(TimeSpan hang) => context => Task.Delay(hang, context.RequestAborted);

    public static Func<HttpContext, Task> Malformed => context => StubHttpServer.Json(context, """{"zone":"DE","carbonIntensity": 12""");

    /// <summary>Promises a longer body than it sends, then drops the connection.</summary>
    public static Func<HttpContext, Task> Truncated => async context =>
    {
        var start = Encoding.UTF8.GetBytes("""{"data":[{"point_time":""");
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = 4096;
        await context.Response.Body.WriteAsync(start, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        context.Abort();
    };
}
