using System.Threading.Channels;
using FactorTrace.Data.Ledger;

namespace FactorTrace.Import.Storage;

/// <summary>
/// Two stages on two threads: a producer that reads and converts rows, and a consumer (the calling thread, which owns
/// the database connection) that writes them. Records travel in batches through a bounded channel, so at most a few
/// thousand are held at once. A failure on either side stops the other and is rethrown as it was.
/// </summary>
internal static class RecordPipeline
{
    private const int BatchSize = 1024;
    private const int BatchesInFlight = 8;

    /// <summary>Runs <paramref name="produce"/> on a worker thread and <paramref name="consume"/> on this one; returns what the producer returned.</summary>
    public static T Run<T>(Func<Action<ActivityRecord>, CancellationToken, T> produce, Action<ActivityRecord> consume, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ActivityRecord[]>(new BoundedChannelOptions(BatchesInFlight) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(
            () =>
            {
                var batch = new ActivityRecord[BatchSize];
                var count = 0;
                try
                {
                    var result = produce(
                        record =>
                        {
                            batch[count++] = record;
                            if (count == BatchSize)
                            {
                                Send(channel.Writer, batch, stop.Token);
                                batch = new ActivityRecord[BatchSize];
                                count = 0;
                            }
                        },
                        stop.Token);
                    if (count > 0)
                    {
                        Send(channel.Writer, batch[..count], stop.Token);
                    }

                    channel.Writer.Complete();
                    return result;
                }
                catch (Exception ex)
                {
                    channel.Writer.Complete(ex);
                    throw;
                }
            },
            CancellationToken.None);

        try
        {
            var reader = channel.Reader;
            while (reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
            {
                while (reader.TryRead(out var batch))
                {
                    foreach (var record in batch)
                    {
                        consume(record);
                    }
                }
            }
        }
        catch (Exception)
        {
            // The consumer failed, or the producer's error came through the channel: either way the producer is
            // stopped and awaited (its own error, if any, is the one being rethrown), then the error goes on.
            stop.Cancel();
            ((Task)producer).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
            throw;
        }

        return producer.GetAwaiter().GetResult();
    }

    private static void Send(ChannelWriter<ActivityRecord[]> writer, ActivityRecord[] batch, CancellationToken cancellationToken)
    {
        if (!writer.TryWrite(batch))
        {
            writer.WriteAsync(batch, cancellationToken).AsTask().GetAwaiter().GetResult();
        }
    }
}
