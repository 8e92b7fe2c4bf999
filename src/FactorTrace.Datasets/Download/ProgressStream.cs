namespace FactorTrace.Datasets.Download;

/// <summary>A read-only stream over a download's body that reports the bytes read so far, every <see cref="DatasetDownloader.ProgressStepBytes"/>.</summary>
internal sealed class ProgressStream : Stream
{
    private readonly Stream _inner;
    private readonly string _path;
    private readonly long? _total;
    private readonly IProgress<DownloadProgress>? _progress;
    private long _read;
    private long _reported = -1;

    public ProgressStream(Stream inner, string path, long? total, IProgress<DownloadProgress>? progress)
    {
        _inner = inner;
        _path = path;
        _total = total;
        _progress = progress;
        _progress?.Report(new DownloadProgress(path, 0, total, Done: false));
        _reported = 0;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    /// <summary>The last report: all bytes are in.</summary>
    public void Finish() => _progress?.Report(new DownloadProgress(_path, _read, _total, Done: true));

    public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        if (_progress is not null && read > 0 && _read - _reported >= DatasetDownloader.ProgressStepBytes)
        {
            _reported = _read;
            _progress.Report(new DownloadProgress(_path, _read, _total, Done: false));
        }

        return read;
    }
}
