using System.IO.Hashing;
using System.Text;

namespace FactorTrace.Caching;

/// <summary>
/// L3: one file per key under <c>&lt;root&gt;/&lt;2 hex&gt;/&lt;32 hex&gt;.ftc</c>, written to a temporary file and renamed. A file that
/// fails its checksum or names another key is counted, deleted and read as a miss. A failed write (disk full, read-only)
/// turns writes off for a while; reads go on.
/// </summary>
internal sealed class DiskLayer
{
    private readonly string _root;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryAfter;
    private readonly CacheStats _stats;
    private long _writesOffUntilTicks;

    public DiskLayer(string root, TimeProvider time, TimeSpan retryAfter, CacheStats stats)
    {
        _root = root;
        _time = time;
        _retryAfter = retryAfter;
        _stats = stats;
        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LastError = ex.Message;
            WritesOff();
        }
    }

    public string Root => _root;

    public string? LastError { get; private set; }

    public bool WritesEnabled => _time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _writesOffUntilTicks);

    public long Corrupted { get; private set; }

    public string PathFor(string key)
    {
        var hash = Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(key)));
        return Path.Combine(_root, hash[..2], hash + ".ftc");
    }

    /// <summary>The entry's bytes and payload, or null for a miss (absent, unreadable, or corrupt and now deleted).</summary>
    public (byte[] Payload, EntryTimes Times)? Read(string key)
    {
        var path = PathFor(key);
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LastError = ex.Message;
            _stats.Error(CacheLayer.L3, "read");
            return null;
        }

        if (!EntryCodec.TryDecode(data, key, out var payload, out var times))
        {
            Corrupted++;
            _stats.Error(CacheLayer.L3, "corrupt");
            Delete(path);
            return null;
        }

        if (times.IsExpired(_time.GetUtcNow()))
        {
            Delete(path);
            return null;
        }

        return (payload, times);
    }

    public void Write(string key, ReadOnlySpan<byte> payload, EntryTimes times)
    {
        if (!WritesEnabled)
        {
            return;
        }

        var path = PathFor(key);
        var temp = path + "." + Environment.CurrentManagedThreadId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(temp, EntryCodec.Encode(key, payload, times, compress: true));
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LastError = ex.Message;
            _stats.Error(CacheLayer.L3, "write");
            WritesOff();
            Delete(temp);
        }
    }

    public void Remove(string key) => Delete(PathFor(key));

    /// <summary>Deletes every entry whose key starts with the prefix (reads each file's header).</summary>
    public int RemoveByPrefix(string prefix) => DeleteWhere((key, _) => key.StartsWith(prefix, StringComparison.Ordinal));

    public int Count() => Files().Count;

    /// <summary>Deletes every entry past its expiry (or unreadable), so nothing outlives its licence on disk unread.</summary>
    public int SweepExpired()
    {
        var now = _time.GetUtcNow();
        return DeleteWhere((_, times) => times.IsExpired(now));
    }

    /// <summary>Deletes the entries whose header matches, and every file whose header does not read.</summary>
    private int DeleteWhere(Func<string, EntryTimes, bool> match)
    {
        var removed = 0;
        foreach (var file in Files())
        {
            try
            {
                var data = File.ReadAllBytes(file);
                if (!EntryCodec.TryReadHeader(data, out var key, out var times, out _, out _) || match(key, times))
                {
                    Delete(file);
                    removed++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LastError = ex.Message;
            }
        }

        return removed;
    }

    private List<string> Files()
    {
        try
        {
            return Directory.EnumerateFiles(_root, "*.ftc", SearchOption.AllDirectories).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LastError = ex.Message;
            return [];
        }
    }

    private void WritesOff() => Interlocked.Exchange(ref _writesOffUntilTicks, (_time.GetUtcNow() + _retryAfter).UtcTicks);

    private void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LastError = ex.Message;
        }
    }
}
