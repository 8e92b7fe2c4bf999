using FactorTrace.Broker;
using FactorTrace.Datasets.Ingestion;
using FactorTrace.Server.Datasets;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Factors;

/// <summary>The factor broker, built once the datasets are loaded; null until then.</summary>
internal sealed class BrokerHost(DatasetLoader loader, IOptions<BrokerOptions> options, FactorTrace.Remote.RemoteSourceRegistry remote)
{
    private readonly Lock _gate = new();
    private FactorBroker? _broker;
    private string? _error;

    public FactorBroker? Broker
    {
        get
        {
            if (_broker is not null || loader.Loaded is not { } loaded)
            {
                return _broker;
            }

            lock (_gate)
            {
                if (_broker is null && _error is null)
                {
                    try
                    {
                        _broker = BrokerFactory.Create(loaded, options.Value, remote.Extend(FactorTrace.Sources.SourceCatalog.Default));
                    }
                    catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException)
                    {
                        _error = ex.Message;
                    }
                }

                return _broker;
            }
        }
    }

    /// <summary>The broker, for a handler behind <see cref="BrokerReadyFilter"/> (once built, it stays).</summary>
    public FactorBroker Ready => Broker ?? throw new InvalidOperationException("The broker is not built; the endpoint needs RequireBrokerReady.");

    /// <summary>Why there is no broker: loading, or the error.</summary>
    public string? Error => _error ?? loader.Error;
}

/// <summary>Builds the broker as soon as the datasets are loaded, so the first request does not pay for it.</summary>
internal sealed class BrokerWarmup(DatasetLoader loader, BrokerHost host) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await loader.WhenDone.WaitAsync(stoppingToken).ConfigureAwait(false);
        _ = host.Broker;
    }
}
