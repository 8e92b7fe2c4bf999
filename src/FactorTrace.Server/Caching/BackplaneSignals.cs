using FactorTrace.Broker;
using FactorTrace.Caching;

namespace FactorTrace.Server.Caching;

/// <summary>The per-instance copies (credential states, tenant settings, private factors) that other instances tell to drop an entry.</summary>
internal static class BackplaneSignals
{
    /// <summary>Calls <paramref name="drop"/> with the id each signal of <paramref name="topic"/> from another instance names.</summary>
    public static void OnIdSignal(this LayeredCache<FactorAnswer> backplane, string topic, Action<Guid> drop)
    {
        ArgumentNullException.ThrowIfNull(backplane);
        backplane.SignalReceived += (received, value) =>
        {
            if (string.Equals(received, topic, StringComparison.Ordinal) && Guid.TryParse(value, out var id))
            {
                drop(id);
            }
        };
    }
}
