using System.Collections.Concurrent;

namespace FactorTrace.Caching;

/// <summary>Writes running in the background (L2 stores), remembered until they finish so a flush can wait for them.</summary>
internal sealed class BackgroundWrites
{
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private long _ids;

    /// <summary>Remembers <paramref name="write"/> until it completes.</summary>
    public void Track(Task write)
    {
        if (write.IsCompleted)
        {
            return;
        }

        var id = Interlocked.Increment(ref _ids);
        _running[id] = write;
        _ = ForgetWhenDoneAsync(id, write);
    }

    /// <summary>Completes when every write tracked so far has finished.</summary>
    public Task FlushAsync() => Task.WhenAll(_running.Values);

    private async Task ForgetWhenDoneAsync(long id, Task write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(id, out _);
        }
    }
}
