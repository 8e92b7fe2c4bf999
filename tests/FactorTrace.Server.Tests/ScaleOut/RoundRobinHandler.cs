namespace FactorTrace.Server.Tests.ScaleOut;

/// <summary>
/// A load balancer stand-in: each request goes to the next instance in turn (its path and query kept, its authority
/// rewritten). Instances can leave and join the rotation while requests run, as a balancer's health checks would do.
/// </summary>
public sealed class RoundRobinHandler : DelegatingHandler
{
    /// <summary>The request option that names the instance a request was sent to.</summary>
    public static readonly HttpRequestOptionsKey<Uri> Target = new("scale-out-target");

    private readonly Lock _gate = new();
    private List<Uri> _instances;
    private long _next = -1;

    public RoundRobinHandler(IEnumerable<Uri> instances)
        : base(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        _instances = [.. instances];
    }

    /// <summary>The instances in the rotation now.</summary>
    public IReadOnlyList<Uri> Instances
    {
        get
        {
            lock (_gate)
            {
                return _instances;
            }
        }
    }

    /// <summary>Takes an instance out of the rotation (requests already sent to it are not affected).</summary>
    public void Remove(Uri instance)
    {
        lock (_gate)
        {
            _instances = [.. _instances.Where(i => i != instance)];
        }
    }

    /// <summary>Puts an instance into the rotation.</summary>
    public void Add(Uri instance)
    {
        lock (_gate)
        {
            _instances = [.. _instances, instance];
        }
    }

    /// <summary>A client whose requests go round the instances; relative URLs only.</summary>
    public static HttpClient Client(RoundRobinHandler handler, string? token = null)
    {
        var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri("http://round-robin/"), Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var instances = Instances;
        var target = instances[(int)(Interlocked.Increment(ref _next) % instances.Count)];
        request.RequestUri = new Uri(target, request.RequestUri!.PathAndQuery);
        request.Options.Set(Target, target);
        return base.SendAsync(request, cancellationToken);
    }
}
