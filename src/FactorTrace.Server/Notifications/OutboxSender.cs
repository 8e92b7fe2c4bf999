using FactorTrace.Data.Notifications;
using FactorTrace.Resilience;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FactorTrace.Server.Notifications;

/// <summary>
/// Delivers the outbox over SMTP: claims due messages with a lease, sends each through the <c>smtp</c> dependency
/// (timeout and circuit breaker) and marks it sent as soon as the server has accepted it. A failed attempt goes back
/// with exponential back-off and jitter, and is parked as failed after <see cref="EmailOptions.MaxAttempts"/>; while
/// the circuit is open nothing is claimed, and a claim the open circuit refuses is given back without counting an attempt.
/// Every attempt of a message carries the <c>Message-ID</c> fixed at enqueue time.
/// </summary>
internal sealed partial class OutboxSender(
    OutboxStore store, DependencyRegistry dependencies, IOptionsMonitor<EmailOptions> options, OutboxMetrics metrics, TimeProvider time, ILogger<OutboxSender> logger,
    Tenancy.DatabaseInitializer? database = null)
    : BackgroundService
{
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private long _lastCount = long.MinValue;

    /// <summary>The SMTP dependency.</summary>
    public Dependency Smtp => dependencies.Get(EmailOptions.DependencyName, DependencyKind.RemoteApi);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                _ = Smtp; // Registered from the start, so health and metrics list it before the first message.
                if (database is { IsReady: false })
                {
                    // Until the schema is migrated there is no outbox to read.
                    await Task.Delay(options.CurrentValue.PollInterval, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await RefreshCountsAsync(stoppingToken).ConfigureAwait(false);
                if (options.CurrentValue.Enabled)
                {
                    worked = await RunOnceAsync(stoppingToken).ConfigureAwait(false) > 0;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database is down, or not migrated yet: the next poll tries again.
                LogPollFailed(logger, ex.Message);
            }

            if (!worked)
            {
                try
                {
                    await Task.Delay(options.CurrentValue.PollInterval, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Claims one batch and sends it; returns how many messages were claimed (0 when none was due or the circuit is open).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var smtp = Smtp;
        var settings = options.CurrentValue;
        // The breaker is passive: once its break has run, the next call is its probe, so claim again then.
        if (smtp.IsOpen && smtp.LastTransition is { } opened && time.GetUtcNow() < opened + smtp.Policy.BreakDuration)
        {
            return 0;
        }

        var token = $"{_instance}:{Guid.CreateVersion7():N}";
        var batch = await store.ClaimAsync(token, settings.BatchSize, cancellationToken).ConfigureAwait(false);
        if (batch.Count == 0)
        {
            return 0;
        }

        var client = new SmtpClient();
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var message = batch[i];
                if (cancellationToken.IsCancellationRequested || time.GetUtcNow().UtcDateTime + smtp.Policy.Timeout > DateTime.SpecifyKind(message.LeaseUntil!.Value, DateTimeKind.Utc))
                {
                    // Stopping, or the claim would run out during the send: give the rest back untouched.
                    await ReleaseRestAsync(batch, i, token).ConfigureAwait(false);
                    break;
                }

                var result = await smtp.ExecuteAsync(static async (s, ct) =>
                {
                    await s.Sender.SendAsync(s.client, s.mime, ct).ConfigureAwait(false);
                    return true;
                }, (Sender: this, client, mime: ToMime(message, settings)), cancellationToken).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    // At once: a crash between the server's acceptance and this update is the only way to send twice.
                    if (!await store.MarkSentAsync(message, token, CancellationToken.None).ConfigureAwait(false))
                    {
                        LogLeaseLost(logger, message.MessageId);
                    }

                    metrics.Delivery("sent");
                    continue;
                }

                if (result.Outcome == DependencyOutcome.CircuitOpen)
                {
                    await ReleaseRestAsync(batch, i, token).ConfigureAwait(false);
                    break;
                }

                // The connection is in an unknown state after a failure: the next message gets a new one.
                client.Dispose();
                client = new SmtpClient();
                var parked = await store.MarkFailedAsync(message, token, result.Error ?? result.Outcome.ToString(), Backoff(message.Attempts + 1, settings), CancellationToken.None)
                    .ConfigureAwait(false);
                metrics.Delivery(parked ? "failed" : "retry");
                if (parked)
                {
                    LogParked(logger, message.MessageId, message.Attempts + 1, result.Error);
                }
            }
        }
        finally
        {
            await DisconnectAsync(client).ConfigureAwait(false);
        }

        return batch.Count;
    }

    /// <summary>Gives the claimed messages from <paramref name="from"/> on back without counting an attempt.</summary>
    private async Task ReleaseRestAsync(List<OutboxMessage> batch, int from, string token)
    {
        await store.ReleaseAsync(batch.Skip(from).Select(m => m.Id), token, CancellationToken.None).ConfigureAwait(false);
        metrics.Delivery("released", batch.Count - from);
    }

    /// <summary>The wait after the <paramref name="failures"/>th failure: the retry delay doubled per failure, capped, with jitter in its upper half.</summary>
    public static TimeSpan Backoff(int failures, EmailOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var exponential = settings.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(exponential, settings.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    /// <summary>The MIME message of an outbox row: plain text and HTML alternatives, the fixed Message-ID.</summary>
    public static MimeMessage ToMime(OutboxMessage message, EmailOptions settings)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(settings);
        var mime = new MimeMessage { Subject = message.Subject, MessageId = message.MessageId, Date = new DateTimeOffset(DateTime.SpecifyKind(message.CreatedAt, DateTimeKind.Utc)) };
        mime.From.Add(MailboxAddress.Parse(settings.From));
        mime.To.Add(MailboxAddress.Parse(message.Recipient));
        mime.Headers.Add("X-FactorTrace-Kind", message.Kind);
        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        return mime;
    }

    private async Task SendAsync(SmtpClient client, MimeMessage mime, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (!client.IsConnected)
        {
            await client.ConnectAsync(settings.Host, settings.Port, settings.SocketOptions, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await client.AuthenticateAsync(settings.User, settings.Password ?? "", cancellationToken).ConfigureAwait(false);
            }
        }

        await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
    }

    private async Task RefreshCountsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (_lastCount != long.MinValue && time.GetElapsedTime(_lastCount, now) < TimeSpan.FromSeconds(5))
        {
            return;
        }

        _lastCount = now;
        metrics.Last = await store.CountAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task DisconnectAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.DisconnectAsync(true, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or MailKit.ProtocolException or MailKit.Net.Smtp.SmtpCommandException or System.Net.Sockets.SocketException)
        {
            // The messages' outcomes are stored already; a failed QUIT changes nothing.
        }
        finally
        {
            client.Dispose();
        }
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "Outbox poll failed: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "E-mail {MessageId} parked as failed after {Attempts} attempts: {Error}")]
    private static partial void LogParked(ILogger logger, string messageId, int attempts, string? error);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "E-mail {MessageId} was accepted by the SMTP server after its claim had run out; another sender may send it again")]
    private static partial void LogLeaseLost(ILogger logger, string messageId);
}
