using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FactorTrace.Server.Tests.Doubles;

/// <summary>
/// A real SMTP server on 127.0.0.1 (free port) speaking enough of RFC 5321 for a client (EHLO/HELO, MAIL, RCPT, DATA,
/// RSET, NOOP, QUIT), recording every accepted message with its <c>Message-ID</c>. It can go down (the listener closes,
/// so connections are refused, and open connections are closed) and come back on the same port. A message is recorded
/// and its <c>250</c> written under one lock that going down also takes, so a recorded message is always acknowledged.
/// </summary>
public sealed class SmtpServerDouble : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    private SmtpServerDouble(int port)
    {
        Port = port;
    }

    /// <summary>The port it listens on (kept across down and up).</summary>
    public int Port { get; }

    /// <summary>Every accepted message in order: its Message-ID (without brackets), recipients and raw text.</summary>
    public ConcurrentQueue<(string MessageId, string[] Recipients, string Data)> Messages { get; } = new();

    /// <summary>Whether it accepts connections.</summary>
    public bool IsUp { get; private set; }

    /// <summary>A pause before each message's <c>250</c> (to make a test's crash land mid-run).</summary>
    public TimeSpan AcceptDelay { get; set; }

    /// <summary>Accepted messages per Message-ID.</summary>
    public Dictionary<string, int> CountsById() => Messages.GroupBy(m => m.MessageId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Starts on a free port.</summary>
    public static SmtpServerDouble Start()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var server = new SmtpServerDouble(port);
        server.Up();
        return server;
    }

    /// <summary>Listens again on the same port.</summary>
    public void Up()
    {
        lock (_gate)
        {
            if (IsUp)
            {
                return;
            }

            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            IsUp = true;
            _accepting = AcceptAsync(listener);
        }
    }

    /// <summary>Stops listening (new connections are refused) and closes every open connection.</summary>
    public void Down()
    {
        lock (_gate)
        {
            if (!IsUp)
            {
                return;
            }

            IsUp = false;
            _listener!.Stop();
            foreach (var connection in _connections.Keys)
            {
                connection.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Down();
        await _stop.CancelAsync();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            _connections[client] = 0;
            _ = Task.Run(async () =>
            {
                try
                {
                    await ServeAsync(client);
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
                {
                    // The connection was closed (by the client, or by Down).
                }
                finally
                {
                    _connections.TryRemove(client, out _);
                    client.Dispose();
                }
            });
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.Latin1, false, 4096, leaveOpen: true);
        var writer = new StreamWriter(stream, Encoding.Latin1, 4096, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
        await using (writer)
        {
            var token = _stop.Token;
            await writer.WriteLineAsync("220 smtp-double ESMTP ready");
            var recipients = new List<string>();
            string? from = null;
            while (await reader.ReadLineAsync(token) is { } line)
            {
                var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteAsync("250-smtp-double\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 smtp-double");
                        break;
                    case "MAIL":
                        from = line;
                        recipients.Clear();
                        await writer.WriteLineAsync("250 2.1.0 OK");
                        break;
                    case "RCPT":
                        recipients.Add(Address(line));
                        await writer.WriteLineAsync("250 2.1.5 OK");
                        break;
                    case "DATA":
                        if (from is null || recipients.Count == 0)
                        {
                            await writer.WriteLineAsync("503 5.5.1 MAIL and RCPT first");
                            break;
                        }

                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(token) is { } body && body != ".")
                        {
                            data.Append(body.StartsWith("..", StringComparison.Ordinal) ? body[1..] : body).Append("\r\n");
                        }

                        if (AcceptDelay > TimeSpan.Zero)
                        {
                            await Task.Delay(AcceptDelay, token);
                        }

                        var text = data.ToString();
                        lock (_gate)
                        {
                            if (!IsUp)
                            {
                                throw new IOException("down");
                            }

                            Messages.Enqueue((MessageId(text), [.. recipients], text));
                            writer.WriteLine("250 2.0.0 queued");
                        }

                        from = null;
                        recipients.Clear();
                        break;
                    case "RSET":
                        from = null;
                        recipients.Clear();
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 command not implemented");
                        break;
                }
            }
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static string MessageId(string data)
    {
        foreach (var line in data.Split("\r\n"))
        {
            if (line.Length == 0)
            {
                break;
            }

            if (line.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))
            {
                return line["Message-ID:".Length..].Trim().Trim('<', '>');
            }
        }

        return "";
    }
}
